-- Every write of a directory entry appends its actor id here (in the writer's transaction),
-- so that each process's in-memory copy of the directory's filterable fields
-- (src/db/models/directory_facets.rs) can catch up. Rows older than an hour are pruned.
CREATE TABLE directory_changes (
    id BIGSERIAL PRIMARY KEY,
    actor_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX directory_changes_created ON directory_changes (created_at);
