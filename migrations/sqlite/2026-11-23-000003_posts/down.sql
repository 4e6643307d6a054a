DROP TABLE post_audience;
DROP TABLE posts;
