-- Boosts (a person's `Announce` of a post), local or remote; `ap_id` is the Announce's id
-- (for Undo). Favourites are `post_likes`.
CREATE TABLE post_boosts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (post_id, actor_id)
);
CREATE INDEX post_boosts_actor ON post_boosts (actor_id, id);
ALTER TABLE posts ADD COLUMN boost_count INTEGER NOT NULL DEFAULT 0;
-- The picture a remote actor shows (its `icon`), for directory cards; ours are in `media`.
ALTER TABLE actors ADD COLUMN icon_url TEXT;
