-- Account security: two-factor authentication by time-based codes (TOTP, RFC 6238), the
-- sessions and API tokens a member sees and ends, and what each token may do.
-- `totp_secret` is set when enrolling and used once `totp_enabled_at` is set (a code
-- confirmed it); `totp_last_step` keeps a code from being used twice; `totp_recovery`
-- holds the SHA-256 of the unused recovery codes, space-separated.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE users ADD COLUMN totp_recovery TEXT NOT NULL DEFAULT '';
-- A session whose password was right but whose second factor is still awaited.
ALTER TABLE sessions ADD COLUMN second_factor_pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;
-- Tokens made before scopes existed keep every power they had.
ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read write admin';
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
