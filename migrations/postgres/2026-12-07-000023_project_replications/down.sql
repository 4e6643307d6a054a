DROP TABLE project_replications;
