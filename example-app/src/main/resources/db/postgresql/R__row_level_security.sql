-- Row-level security on PostgreSQL: the database itself keeps each shop's cards and their history
-- apart, whatever SQL the application sends (DESIGN.md invariant 8). PostgreSQL only: Flyway reads
-- this location on PostgreSQL alone (RowLevelSecurity adds it), after the versioned migrations of
-- db/migration; H2 and MariaDB have no row-level security and rely on the application's WHERE
-- shop_id = ... alone. A repeatable migration: it runs again whenever it changes, so it is written
-- to be run again (DROP POLICY IF EXISTS, then CREATE).
--
-- The shop is a transaction-local setting, shop.id, which the application sets at the start of
-- each transaction it runs for a signed-in user (SELECT set_config('shop.id', <shop>, true)). It
-- ends with the transaction, so a pooled connection never carries one user's shop into another's
-- transaction. Without it current_setting('shop.id', true) is NULL, or '' once the session has used
-- it, and no shop has either id (shops_id_check): every policy then shows nothing and refuses
-- every write. Fail closed.
--
-- The policies bind only roles that are subject to them: not the tables' owner (Flyway's user,
-- spring.flyway.user) and not superusers or roles with BYPASSRLS. The application must connect as
-- a role of its own that owns nothing and bypasses nothing (README, Security).

ALTER TABLE appointments ENABLE ROW LEVEL SECURITY;
ALTER TABLE appointment_moves ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS appointments_of_the_shop ON appointments;
CREATE POLICY appointments_of_the_shop ON appointments
    USING (shop_id = current_setting('shop.id', true))
    WITH CHECK (shop_id = current_setting('shop.id', true));

DROP POLICY IF EXISTS appointment_moves_of_the_shop ON appointment_moves;
CREATE POLICY appointment_moves_of_the_shop ON appointment_moves
    USING (shop_id = current_setting('shop.id', true))
    WITH CHECK (shop_id = current_setting('shop.id', true));
