-- The home page lists the newest directory entries; without this index every search of
-- them sorted the whole directory.
CREATE INDEX directory_entries_created ON directory_entries (created_at, actor_id);
