-- Images uploaded for an actor (a project's or organisation's logo and banner), stored as
-- files named by their SHA-256 under media.dir; one per actor and role.
CREATE TABLE media (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (actor_id, role)
);
CREATE INDEX media_file_name ON media (file_name);
