-- occ's idempotency keys on PostgreSQL (table name: occ.idempotency.table, default
-- occ_idempotency_keys). One row per caller and key: written by the claim of the key's first
-- request, completed with its answer in the same transaction as the request's own writes.
CREATE TABLE occ_idempotency_keys (
    -- The authenticated principal's name, '' for anonymous requests.
    caller           VARCHAR(255) NOT NULL,
    idempotency_key  VARCHAR(128) NOT NULL,
    -- SHA-256 (hex) of the request's method, URI, parameters, headers read and body.
    fingerprint      CHAR(64)     NOT NULL,
    -- Milliseconds since 1970-01-01 UTC.
    created_at       BIGINT       NOT NULL,
    expires_at       BIGINT       NOT NULL,
    -- The answer; stored before the transaction commits, so a committed row always has one.
    response_status  INTEGER,
    response_headers TEXT,
    response_body    BYTEA,
    CONSTRAINT occ_idempotency_keys_pk PRIMARY KEY (caller, idempotency_key)
);

-- The cleanup deletes expired keys in batches through this index, never by a full scan.
CREATE INDEX occ_idempotency_keys_expires_at ON occ_idempotency_keys (expires_at);
