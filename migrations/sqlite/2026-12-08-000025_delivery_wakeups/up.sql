-- Nothing on SQLite: one process owns a SQLite database, and wakes its own workers in
-- memory. (The PostgreSQL migration of the same name adds the NOTIFY trigger.)
SELECT 1;
