-- Directory searches (measured with benches/directory.rs on 20,000 entries).
-- Tag counts and tag filters read (facet, value, actor_id) without touching the table.
DROP INDEX directory_tags_facet;
CREATE INDEX directory_tags_facet_actor ON directory_tags (facet, value, actor_id);
-- Filters and the grouping behind facet counts read the entry's columns from the index.
DROP INDEX directory_entries_kind;
CREATE INDEX directory_entries_facets
    ON directory_entries (entry_kind, country, status, org_type, actor_id);
-- The directory's order (by name), so that a first page need not sort every match.
CREATE INDEX actors_directory_name
    ON actors (lower(COALESCE(NULLIF(display_name, ''), username)), id, discoverable, is_local);
