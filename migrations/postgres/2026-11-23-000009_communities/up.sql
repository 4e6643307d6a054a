-- Peer-learning communities (FEP-1b12 Groups), local or remote. The actor row holds the
-- name, summary and keys; this row holds what only a community has. `languages` is a
-- space-separated list of BCP 47 tags; `posting` is 'followers' or 'members'.
CREATE TABLE communities (
    actor_id BIGINT PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    description_source TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    rules_source TEXT NOT NULL DEFAULT '',
    rules_html TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    posting TEXT NOT NULL DEFAULT 'followers',
    moderators_url TEXT,
    featured_url TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Who moderates a community, and who may post where posting is restricted to members
-- (local or remote actors). role: 'moderator' or 'member'.
CREATE TABLE community_roles (
    community_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, actor_id)
);

-- People banned from a community (until `expires_at`, or for good).
CREATE TABLE community_bans (
    community_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    reason TEXT NOT NULL DEFAULT '',
    expires_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, actor_id)
);

-- Threads and replies are posts: `community_id` is the community they were posted to,
-- `thread_id` the root post of a reply (null for the root itself). `source` keeps the
-- Markdown for editing; `tags` is JSON [{kind, name, href}] (hashtags and mentions).
-- `removed_at` is a moderator's removal (restorable), unlike the author's `deleted_at`.
ALTER TABLE posts ADD COLUMN community_id BIGINT REFERENCES actors (id) ON DELETE SET NULL;
ALTER TABLE posts ADD COLUMN thread_id BIGINT;
ALTER TABLE posts ADD COLUMN locked BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE posts ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE posts ADD COLUMN removed_at TIMESTAMP;
ALTER TABLE posts ADD COLUMN like_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
CREATE INDEX posts_community ON posts (community_id, thread_id, id);
CREATE INDEX posts_thread ON posts (thread_id, id);

-- Likes of posts, local or remote; `ap_id` is the Like activity's id (for Undo).
CREATE TABLE post_likes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ap_id TEXT NOT NULL UNIQUE,
    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (post_id, actor_id)
);
