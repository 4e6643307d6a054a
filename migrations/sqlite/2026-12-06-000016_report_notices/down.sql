ALTER TABLE users DROP COLUMN moderation_seen_at;
DROP INDEX reports_status_token;
ALTER TABLE reports DROP COLUMN status_token_hash;
