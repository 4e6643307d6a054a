DROP TABLE post_likes;
DROP INDEX posts_thread;
DROP INDEX posts_community;
ALTER TABLE posts DROP COLUMN tags, DROP COLUMN source, DROP COLUMN like_count,
    DROP COLUMN removed_at, DROP COLUMN pinned, DROP COLUMN locked, DROP COLUMN thread_id,
    DROP COLUMN community_id;
DROP TABLE community_bans;
DROP TABLE community_roles;
DROP TABLE communities;
