-- 0020_create_events
-- Why: domain events (entity, relationship, document, job and account changes) are appended here in the same
-- transaction as the change, then relayed to RabbitMQ (kgl.events) and streamed to SSE and WebSocket clients,
-- which resume from a position. This is the events' own outbox, beside backend_ingest.outbox: events are kept for
-- EVENTS_RETENTION after they were published (readers resume from them), job messages are pruned once sent.
-- position is commit-ordered, not just increasing: positions are only handed out at commit time under one
-- transaction-level advisory lock (see 0021), so a reader that has seen position P has also seen every committed
-- event below P. A plain sequence value taken earlier in a transaction is not enough: a transaction with a lower
-- value can commit later, and a reader that already moved past it would skip it.
-- audience/owner_id say who may read an event: every role at or above audience, plus owner_id (the document's
-- owner, the user the account event is about). subject_ids are the ids an event is about (entity filters).

CREATE SCHEMA IF NOT EXISTS backend_events;

COMMENT ON SCHEMA backend_events IS 'Backend: domain events (commit-ordered outbox for kgl.events, SSE and WebSocket)';

CREATE SEQUENCE backend_events.event_position AS bigint;

CREATE TABLE backend_events.events (
    position       bigint      PRIMARY KEY,
    event_id       uuid        NOT NULL UNIQUE,
    event_type     text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    correlation_id text        NOT NULL,
    subject_ids    uuid[]      NOT NULL,
    audience       text        NOT NULL,
    owner_id       uuid,
    data           jsonb       NOT NULL,
    published_at   timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    last_error     text,
    CONSTRAINT events_type_identifier CHECK (event_type ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$' AND char_length(event_type) <= 100),
    CONSTRAINT events_correlation_id_length CHECK (char_length(correlation_id) BETWEEN 1 AND 128),
    CONSTRAINT events_audience_known CHECK (audience IN ('user', 'moderator', 'admin')),
    CONSTRAINT events_data_object CHECK (jsonb_typeof(data) = 'object'),
    CONSTRAINT events_attempts_non_negative CHECK (attempts >= 0),
    CONSTRAINT events_last_error_length CHECK (char_length(last_error) <= 2000)
);

-- The relay's claim: unpublished events in position order.
CREATE INDEX events_unpublished_idx ON backend_events.events (position) WHERE published_at IS NULL;
-- Pruning by age.
CREATE INDEX events_occurred_at_idx ON backend_events.events (occurred_at);

-- The highest position pruned so far: resuming below it is a 410, because events were removed.
CREATE TABLE backend_events.retention (
    id             boolean PRIMARY KEY DEFAULT true,
    pruned_through bigint  NOT NULL DEFAULT 0,
    CONSTRAINT retention_single_row CHECK (id)
);

INSERT INTO backend_events.retention DEFAULT VALUES;

COMMENT ON TABLE backend_events.events IS 'Domain events in commit order; relayed to kgl.events and streamed over SSE/WebSocket';
COMMENT ON COLUMN backend_events.events.position IS 'Assigned at commit under an advisory lock: position order is commit order';
