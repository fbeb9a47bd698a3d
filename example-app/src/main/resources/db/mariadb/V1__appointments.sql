-- The shop's appointments on MariaDB (10.5 or later; Galera too): the same table, constraints and
-- index as db/migration/V1__appointments.sql on PostgreSQL and H2, in MariaDB's types. Keep the
-- two in step: every migration has one file of the same version in each location.
--
-- Timestamps are TIMESTAMP(6): instants stored as UTC, microseconds like PostgreSQL's. The server
-- converts them from and to the session's time zone, so the app runs its sessions in UTC and
-- lets the driver convert (connectionTimeZone=UTC, forceConnectionTimeZoneToSession=true,
-- preserveInstants=true; MariaDbSettings adds them). TIMESTAMP ends at 2038-01-19 on MariaDB
-- 10.11 (11.5 extends it to 2106): fine for a board that looks days ahead.
--
-- Statuses are ASCII with a binary collation: compared byte for byte, as on PostgreSQL, so the
-- CHECK accepts 'READY' but not 'ready'.
CREATE TABLE appointments (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_name VARCHAR(200) NOT NULL,
    vehicle       VARCHAR(200) NOT NULL,
    status        VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- occ's optimistic lock: every write sets version = version + 1 WHERE version = <what the client read>.
    version       BIGINT       NOT NULL DEFAULT 1,
    -- updated_at comes before start_ts on purpose: a server with explicit_defaults_for_timestamp
    -- OFF (the default before 10.10) gives the first TIMESTAMP column that has no DEFAULT of its
    -- own DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, and start_ts would then jump to
    -- "now" on every move. Here the first one has its default, so neither gets ON UPDATE.
    updated_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    start_ts      TIMESTAMP(6) NOT NULL,
    CONSTRAINT appointments_status_check
        CHECK (status IN ('SCHEDULED', 'CHECKED_IN', 'IN_PROGRESS', 'READY', 'COMPLETED')),
    CONSTRAINT appointments_version_check CHECK (version >= 0)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4;

-- The board's range query (WHERE start_ts >= ? AND start_ts < ? ORDER BY start_ts); see the
-- PostgreSQL script for why there is no index on (id, status, version).
CREATE INDEX appointments_start_ts_idx ON appointments (start_ts);
