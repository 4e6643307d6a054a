-- The directory: projects and organisations are actors (Group, Organization); this is their
-- profile beyond what every actor has. Rows exist for local entries and for remote ones
-- someone here follows or looked up.
CREATE TABLE directory_entries (
    actor_id BIGINT PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    entry_kind TEXT NOT NULL,
    description_source TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    website TEXT,
    country TEXT,
    region TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    status TEXT,
    start_date DATE,
    end_date DATE,
    social_impact TEXT NOT NULL DEFAULT '',
    beneficiaries TEXT NOT NULL DEFAULT '',
    org_type TEXT,
    org_size TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX directory_entries_kind ON directory_entries (entry_kind, country);

-- Multi-valued, filterable fields: theme, focus, technology, sdg, language, expertise, need.
CREATE TABLE directory_tags (
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (actor_id, facet, value)
);
CREATE INDEX directory_tags_facet ON directory_tags (facet, value);

-- Who may edit a local project or organisation, and pending invitations.
CREATE TABLE memberships (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    state TEXT NOT NULL,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (actor_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id, state);

-- A project's organisations (local or remote) and their role in it.
CREATE TABLE entry_links (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, organisation_id)
);
CREATE INDEX entry_links_organisation ON entry_links (organisation_id);

-- Full-text search over names, summaries, descriptions and tags, kept by the application.
CREATE TABLE directory_search (
    actor_id BIGINT PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);
CREATE INDEX directory_search_document ON directory_search USING GIN (document);
