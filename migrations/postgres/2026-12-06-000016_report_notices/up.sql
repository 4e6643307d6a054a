-- How reporters and affected members learn of decisions before the hub sends e-mail: an
-- anonymous reporter keeps a private link (only its hash is stored), and a member's menu
-- counts the decisions about their account made since they last opened their moderation
-- page.
ALTER TABLE reports ADD COLUMN status_token_hash TEXT;
CREATE UNIQUE INDEX reports_status_token ON reports (status_token_hash);
ALTER TABLE users ADD COLUMN moderation_seen_at TIMESTAMP;
