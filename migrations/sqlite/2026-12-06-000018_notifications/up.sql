-- A member's notifications (new follower, mention, reply, like, participation, report
-- outcome …), each naming who did it and what it is about; `dedupe_key` keeps an activity
-- received twice from notifying twice. Preferences per kind: shown on the web (default on)
-- and e-mailed (off, at once, or in a daily or weekly digest).
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id BIGINT REFERENCES actors (id) ON DELETE CASCADE,
    post_id BIGINT REFERENCES posts (id) ON DELETE CASCADE,
    event_id BIGINT REFERENCES events (id) ON DELETE CASCADE,
    report_id BIGINT REFERENCES reports (id) ON DELETE CASCADE,
    dedupe_key TEXT NOT NULL UNIQUE,
    read_at TIMESTAMP,
    emailed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, id);

CREATE TABLE notification_prefs (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    web BOOLEAN NOT NULL DEFAULT TRUE,
    email TEXT NOT NULL DEFAULT 'off',
    PRIMARY KEY (user_id, kind)
);
