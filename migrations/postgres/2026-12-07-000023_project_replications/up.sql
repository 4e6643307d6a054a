-- A project states that it replicates, adapts or was inspired by another project (issue 22,
-- part 5), here or on another hub. `source_ap_id` is the source's actor id as declared;
-- `source_id` is its row when this hub holds one (it may arrive later, or never). Rows of
-- remote projects are read from their actor documents and replaced with each refresh.
CREATE TABLE project_replications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    source_ap_id TEXT NOT NULL,
    source_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    relation TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, source_ap_id)
);
-- "Replicated in ...": the projects that point at a source.
CREATE INDEX project_replications_source ON project_replications (source_ap_id);
