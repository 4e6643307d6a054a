ALTER TABLE actors DROP COLUMN icon_url;
ALTER TABLE posts DROP COLUMN boost_count;
DROP TABLE post_boosts;
