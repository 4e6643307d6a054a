DROP TABLE resource_attachments;
DROP TABLE resource_projects;
DROP TABLE resource_authors;
DROP TABLE resource_tags;
DROP TABLE resources;
