-- Moderation (issue 20): domain blocks and the allow-list, block-list subscriptions and
-- the suggestions they and peer hubs make, reports, members' blocks and mutes, an account's
-- standing, the public moderation log and the admin audit log.

-- A blocked domain covers its subdomains; `domain` is normalised (lower case, IDNA ASCII,
-- no trailing dot). `severity`: limit | suspend | noop (flags only), as Mastodon's
-- silence | suspend | noop. `source`: empty when an admin made it, else the subscription's
-- URL that brought it.
CREATE TABLE domain_blocks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    domain TEXT NOT NULL UNIQUE,
    severity TEXT NOT NULL,
    reject_media BOOLEAN NOT NULL DEFAULT FALSE,
    reject_reports BOOLEAN NOT NULL DEFAULT FALSE,
    public_comment TEXT NOT NULL DEFAULT '',
    private_comment TEXT NOT NULL DEFAULT '',
    obfuscate BOOLEAN NOT NULL DEFAULT FALSE,
    source TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The domains an allow-list hub federates with (when `federation_mode` is `allowlist`).
CREATE TABLE domain_allows (
    domain TEXT PRIMARY KEY NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
-- Block lists published as CSV at a URL and kept in step.
CREATE TABLE blocklist_subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    auto_apply BOOLEAN NOT NULL,
    last_fetched_at TIMESTAMP,
    last_error TEXT,
    entries INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
-- Blocks proposed by a subscription held for review or by a peer hub; an admin applies or
-- dismisses each. `state`: pending | applied | dismissed.
CREATE TABLE domain_block_suggestions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    domain TEXT NOT NULL,
    severity TEXT NOT NULL,
    reject_media BOOLEAN NOT NULL DEFAULT FALSE,
    reject_reports BOOLEAN NOT NULL DEFAULT FALSE,
    public_comment TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (domain, source)
);

-- An account's standing, set by an admin: ok | limited | suspended. `domain_limited` is
-- derived from the domain blocks (kept in step when they change) so that lists filter on
-- one column.
ALTER TABLE actors ADD COLUMN standing TEXT NOT NULL DEFAULT 'ok';
ALTER TABLE actors ADD COLUMN domain_limited BOOLEAN NOT NULL DEFAULT FALSE;

-- A member's block or mute of an account (`kind`: block | mute); `ap_id` is the Block
-- activity's id when one was sent.
CREATE TABLE actor_blocks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    ap_id TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (actor_id, target_id, kind)
);
CREATE INDEX actor_blocks_target ON actor_blocks (target_id);
-- A member's block of a whole domain.
CREATE TABLE actor_domain_blocks (
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (actor_id, domain)
);

-- A report (notice), from a member, from anyone through the public form (`reporter_id`
-- null, `reporter_contact` given), or from another server's `Flag` (`flag_ap_id`).
-- `objects` is the reported objects' ids, one per line. `state`: open | resolved.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reporter_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    reporter_contact TEXT NOT NULL DEFAULT '',
    origin_domain TEXT NOT NULL DEFAULT '',
    flag_ap_id TEXT UNIQUE,
    target_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    objects TEXT NOT NULL DEFAULT '',
    object_kind TEXT NOT NULL,
    community_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    category TEXT NOT NULL,
    legal_ground TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    forwarded_at TIMESTAMP,
    state TEXT NOT NULL,
    decision TEXT,
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    decided_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reports_state ON reports (state, id);
CREATE INDEX reports_target ON reports (target_id);
CREATE INDEX reports_reporter ON reports (reporter_id);

-- The public moderation log (as Lemmy's modlog): what was removed, limited or blocked,
-- when and why. `moderator_id` is shown only when the hub's configuration says so.
CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    moderator_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    affected_id BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    report_id BIGINT REFERENCES reports (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX moderation_log_affected ON moderation_log (affected_id, id);
-- Every admin action, for the admins' eyes only.
CREATE TABLE admin_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
