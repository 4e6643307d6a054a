ALTER TABLE notifications DROP COLUMN target_actor_id;
DROP TABLE conversation_reads;
DROP INDEX posts_conversation;
ALTER TABLE posts DROP COLUMN conversation_id;
