-- Shops and the staff who sign in, on MariaDB: the same tables, columns and constraints as
-- db/migration/V4__shops_and_users.sql. Identifiers that code compares (shop ids, roles, hashes)
-- are ASCII with a binary collation, user names utf8mb4 binary: compared byte for byte, as on
-- PostgreSQL, so 'North' is not 'north'.
CREATE TABLE shops (
    id   VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    CONSTRAINT shops_id_check CHECK (id <> '')
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4;

INSERT INTO shops (id, name) VALUES ('north', 'North');

CREATE TABLE users (
    username      VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    shop_id       VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    role          VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    CONSTRAINT users_shop_fk FOREIGN KEY (shop_id) REFERENCES shops (id),
    CONSTRAINT users_role_check CHECK (role IN ('VIEWER', 'ADVISOR'))
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4;

ALTER TABLE appointments ADD COLUMN shop_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'north';
ALTER TABLE appointments ALTER COLUMN shop_id DROP DEFAULT;
ALTER TABLE appointments ADD CONSTRAINT appointments_shop_fk FOREIGN KEY (shop_id) REFERENCES shops (id);
ALTER TABLE appointments ADD CONSTRAINT appointments_id_shop_unique UNIQUE (id, shop_id);

CREATE INDEX appointments_shop_start_ts_idx ON appointments (shop_id, start_ts);
DROP INDEX appointments_start_ts_idx ON appointments;

ALTER TABLE appointment_moves
    ADD COLUMN shop_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN moved_by VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
UPDATE appointment_moves m JOIN appointments a ON a.id = m.appointment_id SET m.shop_id = a.shop_id;
ALTER TABLE appointment_moves MODIFY shop_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;
ALTER TABLE appointment_moves ADD CONSTRAINT appointment_moves_appointment_shop_fk
    FOREIGN KEY (appointment_id, shop_id) REFERENCES appointments (id, shop_id);
