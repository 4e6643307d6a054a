-- Full text of people, communities, events and threads; id = row id * 4 + kind
-- (see src/db/models/search_index.rs). Written from the rows at start when empty.
CREATE TABLE search_documents (
    id BIGINT PRIMARY KEY,
    document TSVECTOR NOT NULL
);
CREATE INDEX search_documents_document ON search_documents USING GIN (document);
