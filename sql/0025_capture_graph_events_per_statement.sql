-- 0025_capture_graph_events_per_statement
-- Why: 0021 captured entity and relationship events with one deferred row trigger per changed row: at COMMIT, one
-- plpgsql call, advisory-lock call, single-row INSERT into backend_events.events and pg_notify per row. A batch of
-- 1,000 entities paid that 1,000 times (about half of its PostgreSQL CPU), and graph.batch_applied another 1,000
-- deferred calls (one per batch audit row) that did nothing but check a flag. This script keeps every guarantee of
-- 0020/0021 and makes the cost per statement and per transaction instead of per row:
--
-- 1. Statement-level AFTER triggers with transition tables build the statement's events set-wise (the same payloads
--    as 0021, from the row versions the statement wrote) and append them, in the order the statement changed the
--    rows, to backend_events.pending: an UNLOGGED staging table keyed by the writing transaction (xid8). Nothing in it
--    outlives its transaction, so it needs no WAL and a crash may empty it.
-- 2. The first staged row of a transaction is flagged (opens); a deferred constraint trigger on it runs once, at
--    COMMIT (backend_events.flush_pending). It takes the same transaction-level advisory lock as 0021's append() (so
--    commit order is still position order: a reader that sees position P has seen every committed position below P),
--    moves the transaction's staged events into backend_events.events in one INSERT … SELECT (positions from the
--    sequence in staging order, occurred_at and the correlation id fixed at commit exactly as append() does: the
--    staged explicit id, else backend.request_id, else the event's own id), appends graph.batch_applied once per
--    transaction after them, and sends one pg_notify.
-- 3. Under SET CONSTRAINTS … IMMEDIATE the flush runs at the end of the staging statement instead; a later statement
--    then flags a new first row, so nothing is left behind. A rolled-back statement or savepoint takes its staged rows
--    and its flag with it.
--
-- User and job events stay on 0021's row triggers (a handful of rows per transaction); they use the same lock and
-- sequence, so positions stay in commit order across both kinds.

CREATE UNLOGGED TABLE backend_events.pending (
    xact_id        xid8    NOT NULL,
    seq            bigint  GENERATED ALWAYS AS IDENTITY,
    opens          boolean NOT NULL DEFAULT false,
    event_id       uuid    NOT NULL DEFAULT gen_random_uuid(),
    event_type     text,
    subject_ids    uuid[],
    audience       text,
    owner_id       uuid,
    data           jsonb,
    correlation_id text
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);

-- The flush finds its transaction's rows in staging order.
CREATE INDEX pending_xact_idx ON backend_events.pending (xact_id, seq);

COMMENT ON TABLE backend_events.pending IS 'Events staged by the running transactions; moved to events (commit-ordered) at COMMIT';

-- True when this transaction has no flush queued yet (and marks it queued): the caller then flags one staged row.
CREATE FUNCTION backend_events.claim_flush() RETURNS boolean
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('backend.events_flush_queued', true) = 'true' THEN
        RETURN false;
    END IF;
    PERFORM set_config('backend.events_flush_queued', 'true', true);
    RETURN true;
END;
$$;

-- Queues the flush with a flagged marker row (no event) unless one is queued already.
CREATE FUNCTION backend_events.queue_flush() RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF backend_events.claim_flush() THEN
        INSERT INTO backend_events.pending (xact_id, opens) VALUES (pg_current_xact_id(), true);
    END IF;
END;
$$;

-- Runs once per transaction at COMMIT (on the flagged row): staged events → events, in commit order.
-- enable_seqscan is off inside it: the table's statistics say "empty" (every row is deleted at commit), so the
-- planner would otherwise scan it whole, dead rows included, on every commit until autovacuum came by.
CREATE FUNCTION backend_events.flush_pending() RETURNS trigger
    LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    v_moved bigint;
BEGIN
    PERFORM set_config('backend.events_flush_queued', '', true);
    -- Released only after this transaction's commit is visible: position order is commit order (see 0021).
    PERFORM pg_advisory_xact_lock(7310150001);
    WITH moved AS (
        DELETE FROM backend_events.pending p WHERE p.xact_id = NEW.xact_id
        RETURNING p.seq, p.event_id, p.event_type, p.subject_ids, p.audience, p.owner_id, p.data, p.correlation_id
    )
    INSERT INTO backend_events.events (position, event_id, event_type, occurred_at, correlation_id, subject_ids, audience, owner_id, data)
    SELECT nextval('backend_events.event_position'), m.event_id, m.event_type, clock_timestamp(),
           left(coalesce(nullif(m.correlation_id, ''), nullif(current_setting('backend.request_id', true), ''), m.event_id::text), 128),
           m.subject_ids, m.audience, m.owner_id, m.data
    FROM moved m
    WHERE m.event_type IS NOT NULL
    ORDER BY m.seq;
    GET DIAGNOSTICS v_moved = ROW_COUNT;

    -- One graph.batch_applied per transaction, after the batch's own events.
    IF (coalesce(nullif(current_setting('backend.batch_entities', true), ''), '0')::bigint > 0
        OR coalesce(nullif(current_setting('backend.batch_relationships', true), ''), '0')::bigint > 0)
       AND coalesce(current_setting('backend.batch_announced', true), '') <> 'true' THEN
        PERFORM set_config('backend.batch_announced', 'true', true);
        PERFORM backend_events.append('graph.batch_applied', '{}', 'user', NULL, jsonb_build_object(
            'entities_created', coalesce(nullif(current_setting('backend.batch_entities', true), ''), '0')::bigint,
            'relationships_created', coalesce(nullif(current_setting('backend.batch_relationships', true), ''), '0')::bigint), NULL);
    ELSIF v_moved > 0 THEN
        -- The payload carries nothing: listeners read the table from their last position.
        PERFORM pg_notify('backend_events', '');
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER pending_flush AFTER INSERT ON backend_events.pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.opens)
    EXECUTE FUNCTION backend_events.flush_pending();

CREATE FUNCTION backend_events.stage_entity_events() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v_opens boolean;
    v_staged bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT FROM new_rows) THEN
            RETURN NULL;
        END IF;
        v_opens := backend_events.claim_flush();
        INSERT INTO backend_events.pending (xact_id, opens, event_type, subject_ids, audience, data)
        SELECT pg_current_xact_id(), v_opens AND n.ord = 1, 'entity.created', ARRAY[n.id], 'user', jsonb_build_object(
            'id', n.id, 'name', n.name, 'type', n.type, 'confidence', n.confidence, 'source_type', n.source_type,
            'version', n.version, 'is_active', n.is_active, 'updated_at', n.updated_at)
        FROM (SELECT r.*, row_number() OVER () AS ord FROM new_rows r) n
        ORDER BY n.ord;
        RETURN NULL;
    END IF;

    -- Rows that really changed (0021's WHEN (OLD.* IS DISTINCT FROM NEW.*)), in the order the statement updated them.
    INSERT INTO backend_events.pending (xact_id, event_type, subject_ids, audience, data)
    SELECT pg_current_xact_id(),
           CASE WHEN c.was_active AND NOT (c.n).is_active THEN 'entity.deleted'
                WHEN NOT c.was_active AND (c.n).is_active THEN 'entity.restored'
                ELSE 'entity.updated' END,
           ARRAY[(c.n).id], 'user', jsonb_build_object(
            'id', (c.n).id, 'name', (c.n).name, 'type', (c.n).type, 'confidence', (c.n).confidence,
            'source_type', (c.n).source_type, 'version', (c.n).version, 'is_active', (c.n).is_active, 'updated_at', (c.n).updated_at)
    FROM (SELECT x.n, x.ord, o.is_active AS was_active
          FROM (SELECT r AS n, row_number() OVER () AS ord FROM new_rows r) x
          JOIN old_rows o ON o.id = (x.n).id
          WHERE o IS DISTINCT FROM x.n) c
    ORDER BY c.ord;
    GET DIAGNOSTICS v_staged = ROW_COUNT;
    IF v_staged > 0 THEN
        PERFORM backend_events.queue_flush();
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION backend_events.stage_relationship_events() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v_opens boolean;
    v_staged bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT FROM new_rows) THEN
            RETURN NULL;
        END IF;
        v_opens := backend_events.claim_flush();
        INSERT INTO backend_events.pending (xact_id, opens, event_type, subject_ids, audience, data)
        SELECT pg_current_xact_id(), v_opens AND n.ord = 1, 'relationship.created', ARRAY[n.id, n.source_entity_id, n.target_entity_id], 'user',
               jsonb_build_object(
                'id', n.id, 'source_entity_id', n.source_entity_id, 'target_entity_id', n.target_entity_id,
                'relationship_type', n.relationship_type, 'confidence', n.confidence, 'version', n.version,
                'is_active', n.is_active, 'updated_at', n.updated_at)
        FROM (SELECT r.*, row_number() OVER () AS ord FROM new_rows r) n
        ORDER BY n.ord;
        RETURN NULL;
    END IF;

    INSERT INTO backend_events.pending (xact_id, event_type, subject_ids, audience, data)
    SELECT pg_current_xact_id(),
           CASE WHEN c.was_active AND NOT (c.n).is_active THEN 'relationship.deleted'
                WHEN NOT c.was_active AND (c.n).is_active THEN 'relationship.restored'
                ELSE 'relationship.updated' END,
           ARRAY[(c.n).id, (c.n).source_entity_id, (c.n).target_entity_id], 'user', jsonb_build_object(
            'id', (c.n).id, 'source_entity_id', (c.n).source_entity_id, 'target_entity_id', (c.n).target_entity_id,
            'relationship_type', (c.n).relationship_type, 'confidence', (c.n).confidence, 'version', (c.n).version,
            'is_active', (c.n).is_active, 'updated_at', (c.n).updated_at)
    FROM (SELECT x.n, x.ord, o.is_active AS was_active
          FROM (SELECT r AS n, row_number() OVER () AS ord FROM new_rows r) x
          JOIN old_rows o ON o.id = (x.n).id
          WHERE o IS DISTINCT FROM x.n) c
    ORDER BY c.ord;
    GET DIAGNOSTICS v_staged = ROW_COUNT;
    IF v_staged > 0 THEN
        PERFORM backend_events.queue_flush();
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER entities_append_created_event ON backend_entities.entities;
DROP TRIGGER entities_append_changed_event ON backend_entities.entities;
DROP TRIGGER entity_relationships_append_created_event ON backend_entities.entity_relationships;
DROP TRIGGER entity_relationships_append_changed_event ON backend_entities.entity_relationships;
DROP FUNCTION backend_events.on_entity_change();
DROP FUNCTION backend_events.on_relationship_change();

CREATE TRIGGER entities_stage_created_events AFTER INSERT ON backend_entities.entities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_events.stage_entity_events();
CREATE TRIGGER entities_stage_changed_events AFTER UPDATE ON backend_entities.entities
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_events.stage_entity_events();
CREATE TRIGGER entity_relationships_stage_created_events AFTER INSERT ON backend_entities.entity_relationships
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_events.stage_relationship_events();
CREATE TRIGGER entity_relationships_stage_changed_events AFTER UPDATE ON backend_entities.entity_relationships
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_events.stage_relationship_events();

-- graph.batch_applied: announced by the flush (above) instead of one deferred call per batch audit row. The audit
-- rows still give the request id and the batch sizes, and now also make sure a flush is queued.
DROP TRIGGER audit_events_append_batch_event ON backend_audit.audit_events;
DROP FUNCTION backend_events.on_batch_audit();

CREATE OR REPLACE FUNCTION backend_events.note_audit_rows() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v_request_id text;
    v_entities bigint;
    v_relationships bigint;
BEGIN
    SELECT max(request_id),
           count(*) FILTER (WHERE target_type = 'entity' AND details ->> 'batch' = 'true'),
           count(*) FILTER (WHERE target_type = 'relationship' AND details ->> 'batch' = 'true')
    INTO v_request_id, v_entities, v_relationships
    FROM inserted;
    IF v_request_id IS NOT NULL THEN
        PERFORM set_config('backend.request_id', v_request_id, true);
    END IF;
    IF v_entities > 0 THEN
        PERFORM set_config('backend.batch_entities',
            (coalesce(nullif(current_setting('backend.batch_entities', true), ''), '0')::bigint + v_entities)::text, true);
    END IF;
    IF v_relationships > 0 THEN
        PERFORM set_config('backend.batch_relationships',
            (coalesce(nullif(current_setting('backend.batch_relationships', true), ''), '0')::bigint + v_relationships)::text, true);
    END IF;
    IF v_entities > 0 OR v_relationships > 0 THEN
        PERFORM backend_events.queue_flush();
    END IF;
    RETURN NULL;
END;
$$;
