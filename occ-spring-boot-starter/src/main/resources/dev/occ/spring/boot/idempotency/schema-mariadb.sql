-- occ's idempotency keys on MariaDB (table name: occ.idempotency.table, default
-- occ_idempotency_keys). One row per caller and key: written by the claim of the key's first
-- request, completed with its answer in the same transaction as the request's own writes.
-- Binary NO PAD collations: keys and callers that differ in case or trailing spaces are different.
CREATE TABLE occ_idempotency_keys (
    -- The authenticated principal's name, '' for anonymous requests.
    caller           VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    idempotency_key  VARCHAR(128) CHARACTER SET ascii COLLATE ascii_nopad_bin NOT NULL,
    -- SHA-256 (hex) of the request's method, URI, parameters, headers read and body.
    fingerprint      CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- Milliseconds since 1970-01-01 UTC.
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    -- The answer; stored before the transaction commits, so a committed row always has one.
    response_status  INT NULL,
    response_headers TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    response_body    MEDIUMBLOB NULL,
    PRIMARY KEY (caller, idempotency_key),
    -- The cleanup deletes expired keys in batches through this index, never by a full scan.
    KEY occ_idempotency_keys_expires_at (expires_at)
) ENGINE = InnoDB;
