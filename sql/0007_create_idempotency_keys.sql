-- 0007_create_idempotency_keys
-- Why: clients (the AI extraction service above all) retry creates after timeouts. An Idempotency-Key
-- header makes a retry return the first response instead of creating twice. Keys live in PostgreSQL so
-- every replica sees them; a row is "in_progress" while the first request runs (a concurrent retry gets
-- 409), "completed" with the stored response afterwards, and expires after 24 hours (pruned by the service).

CREATE SCHEMA IF NOT EXISTS backend_idempotency;

CREATE TABLE backend_idempotency.idempotency_keys (
    user_id         uuid        NOT NULL REFERENCES backend_auth.users (id) ON DELETE CASCADE,
    idempotency_key text        NOT NULL,
    request_method  text        NOT NULL,
    request_path    text        NOT NULL,
    request_hash    char(64)    NOT NULL,
    state           text        NOT NULL DEFAULT 'in_progress',
    response_status integer,
    response_body   text,
    response_location text,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, idempotency_key),
    CONSTRAINT idempotency_keys_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
    CONSTRAINT idempotency_keys_state_known CHECK (state IN ('in_progress', 'completed')),
    CONSTRAINT idempotency_keys_completed_has_response CHECK (state = 'in_progress' OR response_status IS NOT NULL),
    CONSTRAINT idempotency_keys_expiry_after_creation CHECK (expires_at > created_at)
);

-- The pruning job deletes by expiry.
CREATE INDEX idempotency_keys_expires_at_idx ON backend_idempotency.idempotency_keys (expires_at);

COMMENT ON TABLE backend_idempotency.idempotency_keys IS 'Idempotency-Key records for safe retries of create endpoints (24 h)';
