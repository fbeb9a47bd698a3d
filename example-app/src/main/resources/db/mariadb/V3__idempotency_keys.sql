-- Idempotency keys of moves (the starter's occ.idempotency.table, default occ_idempotency_keys):
-- the starter's MariaDB table, dev/occ/spring/boot/idempotency/schema-mariadb.sql, as it ships.
-- Binary NO PAD collations: keys and callers that differ in case or trailing spaces are different.
CREATE TABLE occ_idempotency_keys (
    -- The signed-in user's name, '' for anonymous requests.
    caller           VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    idempotency_key  VARCHAR(128) CHARACTER SET ascii COLLATE ascii_nopad_bin NOT NULL,
    -- SHA-256 (hex) of the request's method, URI, parameters, If-Match and body.
    fingerprint      CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- Milliseconds since 1970-01-01 UTC.
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    -- The answer; stored before the transaction commits, so a committed row always has one.
    response_status  INT NULL,
    response_headers TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    response_body    MEDIUMBLOB NULL,
    PRIMARY KEY (caller, idempotency_key),
    -- Expired keys are deleted in batches through this index, never by a full scan.
    KEY occ_idempotency_keys_expires_at (expires_at)
) ENGINE = InnoDB;
