DROP INDEX actors_directory_name;
DROP INDEX directory_entries_facets;
CREATE INDEX directory_entries_kind ON directory_entries (entry_kind, country);
DROP INDEX directory_tags_facet_actor;
CREATE INDEX directory_tags_facet ON directory_tags (facet, value);
