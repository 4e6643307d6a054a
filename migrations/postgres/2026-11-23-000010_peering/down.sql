DROP TABLE hub_item_versions;
DROP INDEX actors_domain;
DROP TABLE peers;
