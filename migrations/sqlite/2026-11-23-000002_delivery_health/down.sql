DROP TABLE received_activities;
DROP TABLE hosts;
DROP INDEX deliveries_host;
ALTER TABLE deliveries DROP COLUMN locked_until;
ALTER TABLE deliveries DROP COLUMN host;
