DROP TRIGGER deliveries_notify ON deliveries;
DROP FUNCTION tessera_notify_deliveries();
