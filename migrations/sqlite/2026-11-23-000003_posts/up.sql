-- Posts: notes, articles and pages written here or received from actors we follow or that
-- address us. `content_html` is always sanitised before it is stored.
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    author_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT,
    summary TEXT NOT NULL DEFAULT '',
    content_html TEXT NOT NULL,
    language TEXT,
    url TEXT,
    in_reply_to TEXT,
    visibility TEXT NOT NULL,
    sensitive BOOLEAN NOT NULL DEFAULT 0,
    attachments TEXT NOT NULL DEFAULT '[]',
    is_local BOOLEAN NOT NULL,
    published TIMESTAMP NOT NULL,
    updated TIMESTAMP,
    deleted_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX posts_author ON posts (author_id, published);
CREATE INDEX posts_published ON posts (published);
CREATE INDEX posts_in_reply_to ON posts (in_reply_to);

-- Local actors a non-public post is addressed to (or that it mentions).
CREATE TABLE post_audience (
    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, actor_id)
);
CREATE INDEX post_audience_actor ON post_audience (actor_id);
