-- One row per successful move, inserted in the same transaction as the versioned UPDATE (on
-- MariaDB occ runs a locking read, the UPDATE and this INSERT), so a move and its history commit
-- or roll back together. The same constraints as db/migration/V2__appointment_moves.sql.
CREATE TABLE appointment_moves (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    appointment_id BIGINT       NOT NULL,
    from_status    VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    to_status      VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    from_version   BIGINT       NOT NULL,
    to_version     BIGINT       NOT NULL,
    -- Always given by the insert (the update's updated_at). The explicit default keeps a server
    -- with explicit_defaults_for_timestamp OFF from adding ON UPDATE CURRENT_TIMESTAMP.
    moved_at       TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT appointment_moves_from_status_check
        CHECK (from_status IN ('SCHEDULED', 'CHECKED_IN', 'IN_PROGRESS', 'READY', 'COMPLETED')),
    CONSTRAINT appointment_moves_to_status_check
        CHECK (to_status IN ('SCHEDULED', 'CHECKED_IN', 'IN_PROGRESS', 'READY', 'COMPLETED')),
    -- Each move goes exactly one version forward ...
    CONSTRAINT appointment_moves_step_check CHECK (to_version = from_version + 1),
    -- ... and each version of an appointment is reached once: the chain of moves cannot fork even
    -- if the application had a bug. Its index also serves the history query and the foreign key.
    CONSTRAINT appointment_moves_version_unique UNIQUE (appointment_id, to_version),
    CONSTRAINT appointment_moves_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointments (id)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4;
