-- Full text of people, communities, events and threads; rowid = row id * 4 + kind
-- (see src/db/models/search_index.rs). Written from the rows at start when empty.
CREATE VIRTUAL TABLE search_documents USING fts5(
    name, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
