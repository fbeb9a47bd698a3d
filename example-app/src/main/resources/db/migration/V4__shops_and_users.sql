-- Shops and the staff who sign in. Every appointment belongs to one shop, and so does each move
-- of its history; a user sees and moves only the cards of their own shop (DESIGN.md invariant 8).
-- Written for PostgreSQL and for H2 in MODE=PostgreSQL alike; db/mariadb/V4 is its twin.
-- On PostgreSQL the row-level security policies come on top (db/postgresql/R__row_level_security.sql).
CREATE TABLE shops (
    id   VARCHAR(32)  NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    -- '' is what an unset transaction-local setting reads as under row-level security: no shop
    -- may have it, so that "no shop" never matches a row.
    CONSTRAINT shops_id_check CHECK (id <> '')
);

-- The appointments that exist already belong to the first shop.
INSERT INTO shops (id, name) VALUES ('north', 'North');

-- Staff accounts. Passwords are stored as Spring Security's DelegatingPasswordEncoder writes them:
-- the algorithm in braces, then its hash ({bcrypt}$2a$10$...), never in clear.
CREATE TABLE users (
    username      VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    shop_id       VARCHAR(32)  NOT NULL REFERENCES shops (id),
    role          VARCHAR(16)  NOT NULL,
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    CONSTRAINT users_role_check CHECK (role IN ('VIEWER', 'ADVISOR'))
);

-- Existing cards go to 'north'; afterwards every insert names its shop (no default: a card that
-- forgot its shop must fail, not land in some shop's board).
ALTER TABLE appointments ADD COLUMN shop_id VARCHAR(32) NOT NULL DEFAULT 'north';
ALTER TABLE appointments ALTER COLUMN shop_id DROP DEFAULT;
ALTER TABLE appointments ADD CONSTRAINT appointments_shop_fk FOREIGN KEY (shop_id) REFERENCES shops (id);
-- Lets a move's history row name its card and shop together (the foreign key below), so a move
-- can never be recorded under another shop than its card's. id and shop_id never change on a move,
-- so this index costs the move path nothing (updates stay HOT on PostgreSQL).
ALTER TABLE appointments ADD CONSTRAINT appointments_id_shop_unique UNIQUE (id, shop_id);

-- The board asks for one shop's cards in a range of days.
CREATE INDEX appointments_shop_start_ts_idx ON appointments (shop_id, start_ts);
DROP INDEX appointments_start_ts_idx;

-- Each move records its card's shop (for the history's row-level security policy, without a join)
-- and who made it. Moves made before this migration have no moved_by.
ALTER TABLE appointment_moves ADD COLUMN shop_id VARCHAR(32);
UPDATE appointment_moves m SET shop_id = (SELECT a.shop_id FROM appointments a WHERE a.id = m.appointment_id);
ALTER TABLE appointment_moves ALTER COLUMN shop_id SET NOT NULL;
ALTER TABLE appointment_moves ADD COLUMN moved_by VARCHAR(64);
ALTER TABLE appointment_moves ADD CONSTRAINT appointment_moves_appointment_shop_fk
    FOREIGN KEY (appointment_id, shop_id) REFERENCES appointments (id, shop_id);
