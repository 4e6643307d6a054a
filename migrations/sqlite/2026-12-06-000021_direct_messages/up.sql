-- Direct messages (issue 21, part 3): every private note belongs to a conversation, named by
-- the id of its first post here; a member's place in each conversation is the last post they
-- read (the menu's count of unread conversations).
ALTER TABLE posts ADD COLUMN conversation_id BIGINT;
CREATE INDEX posts_conversation ON posts (conversation_id);
CREATE TABLE conversation_reads (
    actor_id BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL,
    last_read_id BIGINT NOT NULL,
    PRIMARY KEY (actor_id, conversation_id)
);
-- The project, organisation or community a notification was addressed to, when it reached
-- a member as one of its admins or moderators ("ana asks to follow Circle").
ALTER TABLE notifications ADD COLUMN target_actor_id BIGINT;
