DROP TABLE directory_search;
DROP TABLE entry_links;
DROP TABLE memberships;
DROP TABLE directory_tags;
DROP TABLE directory_entries;
