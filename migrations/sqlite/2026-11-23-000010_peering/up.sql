-- Hubs we peer with (issue 8). The two instance actors follow each other; these rows hold
-- what the follows do not: the peer's hub profile as last seen, when it last talked to us,
-- and where the backfill of its items stands (so that it resumes after a restart).
-- state: 'requested' (we asked), 'awaiting' (they asked; an admin decides), 'active',
-- 'ended' (unpeered or refused). backfill_state: 'none', 'pending', 'done', 'failed'.
CREATE TABLE peers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    host TEXT NOT NULL UNIQUE,
    actor_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    state TEXT NOT NULL,
    profile TEXT NOT NULL DEFAULT '{}',
    last_contact_at TIMESTAMP,
    backfill_state TEXT NOT NULL DEFAULT 'none',
    backfill_next TEXT,
    backfill_items INTEGER NOT NULL DEFAULT 0,
    backfill_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX peers_backfill ON peers (backfill_state);
CREATE INDEX actors_domain ON actors (domain);

-- The time of the last change applied to each item received from a peer hub (the
-- `published` of the wrapped activity): a change that arrives late (a retried delivery)
-- never overwrites a newer one, and a deleted item is not brought back by a late Create.
CREATE TABLE hub_item_versions (
    object_id TEXT PRIMARY KEY,
    changed_at TIMESTAMP NOT NULL,
    deleted BOOLEAN NOT NULL DEFAULT FALSE
);
