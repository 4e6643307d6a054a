DROP TABLE deliveries;
DROP TABLE outgoing_activities;
DROP TABLE instance_settings;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE follows;
DROP TABLE users;
DROP TABLE actors;
