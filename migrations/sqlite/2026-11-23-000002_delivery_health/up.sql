-- Which host a delivery goes to, and until when a worker holds it (a lease: a crashed
-- worker's deliveries become claimable again when it expires).
ALTER TABLE deliveries ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN locked_until TIMESTAMP;
CREATE INDEX deliveries_host ON deliveries (host);

-- Health of every remote host we deliver to: consecutive failures open a circuit breaker;
-- a host failing for days is marked unavailable until it contacts us again.
CREATE TABLE hosts (
    host TEXT PRIMARY KEY,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    first_failure_at TIMESTAMP,
    last_failure_at TIMESTAMP,
    last_success_at TIMESTAMP,
    last_error TEXT,
    circuit_open_until TIMESTAMP,
    unavailable BOOLEAN NOT NULL DEFAULT 0
);

-- Ids of activities received, so that a duplicate is acknowledged and not reprocessed.
CREATE TABLE received_activities (
    ap_id TEXT PRIMARY KEY,
    received_at TIMESTAMP NOT NULL
);
CREATE INDEX received_activities_at ON received_activities (received_at);
