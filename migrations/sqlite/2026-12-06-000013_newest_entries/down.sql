DROP INDEX directory_entries_created;
