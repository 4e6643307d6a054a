ALTER TABLE actors DROP COLUMN moved_to;
ALTER TABLE actors DROP COLUMN also_known_as;
ALTER TABLE users DROP COLUMN bio_source;
ALTER TABLE actors DROP COLUMN image_url;
ALTER TABLE actors DROP COLUMN country;
ALTER TABLE actors DROP COLUMN languages;
ALTER TABLE actors DROP COLUMN fields;
