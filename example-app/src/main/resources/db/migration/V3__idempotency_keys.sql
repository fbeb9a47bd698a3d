-- Idempotency keys of moves (the starter's occ.idempotency.table, default occ_idempotency_keys):
-- a move sent with an Idempotency-Key stores its answer here in the move's own transaction, so a
-- repeat of it gets the same answer and the card moves once. The starter ships the same table for
-- PostgreSQL, MariaDB and H2 (dev/occ/spring/boot/idempotency/schema-*.sql); this one runs on
-- PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE occ_idempotency_keys (
    -- The signed-in user's name, '' for anonymous requests.
    caller           VARCHAR(255) NOT NULL,
    idempotency_key  VARCHAR(128) NOT NULL,
    -- SHA-256 (hex) of the request's method, URI, parameters, If-Match and body.
    fingerprint      CHAR(64)     NOT NULL,
    -- Milliseconds since 1970-01-01 UTC.
    created_at       BIGINT       NOT NULL,
    expires_at       BIGINT       NOT NULL,
    response_status  INTEGER,
    response_headers TEXT,
    response_body    BYTEA,
    CONSTRAINT occ_idempotency_keys_pk PRIMARY KEY (caller, idempotency_key)
);

-- Expired keys are deleted in batches through this index, never by a full scan.
CREATE INDEX occ_idempotency_keys_expires_at ON occ_idempotency_keys (expires_at);
