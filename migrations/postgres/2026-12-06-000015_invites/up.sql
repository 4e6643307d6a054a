-- Invite links (`/admin/invites`): a code lets a person sign up while registration is by
-- invitation, and skips approval. `max_uses` NULL is unlimited, `expires_at` NULL never
-- expires. The code is kept as it is so that admins can copy a link again (see
-- services/invites.rs for why that is acceptable).
CREATE TABLE invites (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    max_uses INTEGER,
    uses INTEGER NOT NULL DEFAULT 0,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
