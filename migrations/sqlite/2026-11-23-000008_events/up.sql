-- Events organised by a local or remote actor (person, project, organisation). Times are
-- UTC; `time_zone` is the IANA zone the organiser gave, used to show and send local times.
-- `address` is JSON: {street, postal_code, locality, region} (sent as a PostalAddress).
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    organizer_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    creator_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    is_local BOOLEAN NOT NULL,
    title TEXT NOT NULL,
    description_source TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    time_zone TEXT NOT NULL,
    place_name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '{}',
    country TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    online_url TEXT,
    category TEXT,
    language TEXT,
    status TEXT NOT NULL,
    join_mode TEXT NOT NULL,
    external_url TEXT,
    capacity INTEGER,
    participant_count INTEGER NOT NULL DEFAULT 0,
    url TEXT,
    cover_url TEXT,
    published TIMESTAMP NOT NULL,
    updated TIMESTAMP,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX events_starts_at ON events (starts_at);
CREATE INDEX events_ends_at ON events (ends_at);
CREATE INDEX events_organizer ON events (organizer_id, starts_at);
CREATE INDEX events_published ON events (published);

-- Themes (Tessera's vocabulary) and hashtags of an event, for filters.
CREATE TABLE event_tags (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (event_id, facet, value)
);
CREATE INDEX event_tags_value ON event_tags (facet, value);

-- Who takes part: local or remote people, for local or remote events. `ap_id` is the id
-- of the Join activity (Mobilizon's participant URL), which Accept and Reject refer to.
-- state: pending (approval awaited), waiting (event full; promoted in order of created_at),
-- accepted, rejected.
CREATE TABLE participations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id TEXT NOT NULL UNIQUE,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (event_id, actor_id)
);
CREATE INDEX participations_event_state ON participations (event_id, state, created_at);
CREATE INDEX participations_actor ON participations (actor_id);
