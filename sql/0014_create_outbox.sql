-- 0014_create_outbox
-- Why: every message that leaves the service is first written here, in the same transaction as the change
-- it announces (a document and its job), then relayed to RabbitMQ with publisher confirms and marked sent.
-- A broker outage loses nothing (rows wait), and replicas never publish a row twice: the relay claims rows
-- with FOR UPDATE SKIP LOCKED and marks them sent in the same transaction. position is a monotonically
-- increasing bigint so domain events (a later change) can share this table and be read in position order;
-- message_id is the AMQP message-id consumers deduplicate by. payload is text, not jsonb, because it is sent
-- byte for byte as written. priority orders the relay (0 high, 1 normal, 2 low); available_at delays retries.
-- A job message names its job and retry number: a confirm that arrives after the AI module already answered
-- that retry (or a newer one was queued) counts the attempt but does not move the job back to dispatched.

CREATE TABLE backend_ingest.outbox (
    position       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id     uuid        NOT NULL UNIQUE,
    message_type   text        NOT NULL,
    exchange       text        NOT NULL DEFAULT '',
    routing_key    text        NOT NULL,
    priority       smallint    NOT NULL DEFAULT 1,
    payload        text        NOT NULL,
    correlation_id text        NOT NULL,
    job_id         uuid        REFERENCES backend_ingest.jobs (id),
    job_retry_count integer,
    created_at     timestamptz NOT NULL,
    available_at   timestamptz NOT NULL,
    sent_at        timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    last_error     text,
    CONSTRAINT outbox_message_type_identifier CHECK (message_type ~ '^[a-z][a-z0-9_.]*$' AND char_length(message_type) <= 100),
    CONSTRAINT outbox_routing_key_length CHECK (char_length(routing_key) BETWEEN 1 AND 255 AND char_length(exchange) <= 255),
    CONSTRAINT outbox_priority_range CHECK (priority BETWEEN 0 AND 2),
    CONSTRAINT outbox_payload_not_empty CHECK (octet_length(payload) > 0),
    CONSTRAINT outbox_correlation_id_length CHECK (char_length(correlation_id) BETWEEN 1 AND 128),
    CONSTRAINT outbox_attempts_non_negative CHECK (attempts >= 0),
    CONSTRAINT outbox_job_retry_count CHECK ((job_id IS NULL) = (job_retry_count IS NULL) AND job_retry_count >= 0),
    CONSTRAINT outbox_last_error_length CHECK (char_length(last_error) <= 2000),
    CONSTRAINT outbox_sent_after_created CHECK (sent_at >= created_at)
);

-- The relay's claim (pending rows by priority, then position) and the depth/oldest-pending metrics.
CREATE INDEX outbox_pending_idx ON backend_ingest.outbox (priority, position) WHERE sent_at IS NULL;
-- Pruning of sent rows.
CREATE INDEX outbox_sent_at_idx ON backend_ingest.outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_job_id_idx ON backend_ingest.outbox (job_id) WHERE job_id IS NOT NULL;

COMMENT ON TABLE backend_ingest.outbox IS 'Transactional outbox: messages written with their change, relayed to RabbitMQ with confirms';
COMMENT ON COLUMN backend_ingest.outbox.position IS 'Monotonically increasing; the order readers of the outbox follow';
