-- Knowledge resources (issue 22): case studies, toolkits, methods, reports, data sets and
-- training material, local or received. The publisher is the actor that sends it (a member,
-- an organisation or project they belong to, or the hub); the authors are listed apart and
-- may be anyone, with or without an account. `translation_of` is the ActivityPub id of the
-- original a translation belongs to (NULL for an original): translations share that id.
CREATE TABLE resources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    publisher_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    creator_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    is_local BOOLEAN NOT NULL,
    resource_kind TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body_source TEXT NOT NULL DEFAULT '',
    body_html TEXT NOT NULL DEFAULT '',
    licence TEXT NOT NULL,
    language TEXT NOT NULL,
    translation_of TEXT,
    url TEXT,
    published TIMESTAMP NOT NULL,
    updated TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
-- The library counts and orders on these columns alone.
CREATE INDEX resources_listing ON resources (published, resource_kind, licence, language, is_local, publisher_id, id);
CREATE INDEX resources_publisher ON resources (publisher_id);
CREATE INDEX resources_translation_of ON resources (translation_of);

-- Themes and the languages a resource is written in (its own first).
CREATE TABLE resource_tags (
    resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (resource_id, facet, value)
);
CREATE INDEX resource_tags_value ON resource_tags (facet, value, resource_id);

-- The authors in their order: an actor here or elsewhere (`ap_id`), or a name alone.
CREATE TABLE resource_authors (
    resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    ap_id TEXT,
    name TEXT NOT NULL,
    author_kind TEXT NOT NULL,
    PRIMARY KEY (resource_id, position)
);
CREATE INDEX resource_authors_ap_id ON resource_authors (ap_id);

-- The projects (here or elsewhere) a resource comes from or is about.
CREATE TABLE resource_projects (
    resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    project_ap_id TEXT NOT NULL,
    PRIMARY KEY (resource_id, project_ap_id)
);
CREATE INDEX resource_projects_project ON resource_projects (project_ap_id, resource_id);

-- Files: ours are stored in `media` (`file_name`), received ones are links.
CREATE TABLE resource_attachments (
    resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    media_type TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    byte_size BIGINT,
    file_name TEXT,
    PRIMARY KEY (resource_id, position)
);
