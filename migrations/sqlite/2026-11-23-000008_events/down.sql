DROP TABLE event_tags;
DROP TABLE participations;
DROP TABLE events;
