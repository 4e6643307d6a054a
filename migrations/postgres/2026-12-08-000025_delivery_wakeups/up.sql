-- Several processes may share one PostgreSQL database: a delivery queued by one must wake
-- the workers of the others at once (they listen on this channel, `db::notify`). NOTIFY
-- inside a trigger is sent when the transaction commits, and only then.
CREATE FUNCTION tessera_notify_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tessera_deliveries', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER deliveries_notify AFTER INSERT ON deliveries
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_deliveries();
