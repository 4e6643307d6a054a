-- Funding and support opportunities (issue 22), published by an organisation or by the hub's
-- own actor, local or received. Times are UTC; `time_zone` is the zone the publisher gave,
-- in which the opening date and the deadlines are shown and sent. `closes_at` is the last
-- deadline (NULL: open until further notice); the status (forthcoming, open, closed) is
-- computed from `opens_at` and `closes_at` when read.
CREATE TABLE funding_calls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ap_id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    publisher_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    creator_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    is_local BOOLEAN NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    description_source TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    programme TEXT NOT NULL,
    call_kind TEXT NOT NULL,
    amount_min BIGINT,
    amount_max BIGINT,
    currency TEXT,
    cofunding_rate INTEGER,
    opens_at TIMESTAMP,
    closes_at TIMESTAMP,
    time_zone TEXT NOT NULL,
    link TEXT,
    contact TEXT NOT NULL DEFAULT '',
    url TEXT,
    published TIMESTAMP NOT NULL,
    updated TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
-- The calls page counts and orders on these columns alone: an index holding all of them
-- answers without reading the rows (wide with their descriptions).
CREATE INDEX funding_calls_listing ON funding_calls (closes_at, opens_at, publisher_id, is_local, programme, call_kind, id);
CREATE INDEX funding_calls_publisher ON funding_calls (publisher_id);
CREATE INDEX funding_calls_programme ON funding_calls (programme, call_kind);

-- The deadlines of a call, in order (several stages possible).
CREATE TABLE funding_call_deadlines (
    call_id BIGINT NOT NULL REFERENCES funding_calls (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    due_at TIMESTAMP NOT NULL,
    PRIMARY KEY (call_id, position)
);
CREATE INDEX funding_call_deadlines_due_at ON funding_call_deadlines (due_at);

-- Eligible countries, eligible organisation types, themes, SDGs and languages. A call open
-- to every country (or every organisation type) has the one value 'any', so that a filter
-- is one index lookup: value IN (wanted, 'any').
CREATE TABLE funding_call_tags (
    call_id BIGINT NOT NULL REFERENCES funding_calls (id) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (call_id, facet, value)
);
CREATE INDEX funding_call_tags_value ON funding_call_tags (facet, value, call_id);
