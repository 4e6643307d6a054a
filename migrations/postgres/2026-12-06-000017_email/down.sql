DROP TABLE outgoing_mail;
DROP TABLE email_tokens;
DROP INDEX users_email;
ALTER TABLE users DROP COLUMN email_verified_at;
ALTER TABLE users DROP COLUMN email;
