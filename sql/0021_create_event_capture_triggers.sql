-- 0021_create_event_capture_triggers
-- Why: every change others care about must append its domain event in the same transaction as the change, whichever
-- code path makes it (the graph API, batches, the extraction consumer, account endpoints, psql). Triggers on the
-- changed tables do that without each repository having to remember it.
--
-- Commit order. The capture triggers are deferred constraint triggers: they run at COMMIT, after every statement of
-- the transaction, and each append first takes one transaction-level advisory lock that PostgreSQL releases only
-- after the commit is visible to other sessions. Positions therefore come from the sequence in commit order: a
-- transaction that takes the lock after another necessarily commits after it, and a reader that sees position P has
-- seen every committed position below P (gaps are rolled-back transactions, never events still to come). The lock is
-- held only from the commit's triggers to the end of the commit, and only by transactions that append events
-- (NOTIFY already serialises the commits of notifying transactions the same way).
--
-- Correlation. The request id reaches the events through transaction-local settings: an audit row written in the
-- transaction (AuditEvents carries the request id) or the ingestion job's correlation_id sets backend.request_id;
-- without either, the event's own id is its correlation id. Batches are recognised by their audit rows
-- (details.batch) and announced once per transaction (graph.batch_applied) after their entity/relationship events.
--
-- Secrets never enter an event: account events carry the user id and role only (no email, hash or token), document
-- events no content. audience/owner_id say who may read each event (see 0020).

CREATE FUNCTION backend_events.append(p_type text, p_subjects uuid[], p_audience text, p_owner uuid, p_data jsonb, p_correlation text)
    RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid := gen_random_uuid();
BEGIN
    -- Released only after this transaction's commit is visible: position order is commit order.
    PERFORM pg_advisory_xact_lock(7310150001);
    INSERT INTO backend_events.events (position, event_id, event_type, occurred_at, correlation_id, subject_ids, audience, owner_id, data)
    VALUES (nextval('backend_events.event_position'), v_id, p_type, clock_timestamp(),
            left(coalesce(nullif(p_correlation, ''), nullif(current_setting('backend.request_id', true), ''), v_id::text), 128),
            p_subjects, p_audience, p_owner, p_data);
    -- The payload carries nothing: listeners read the table from their last position.
    PERFORM pg_notify('backend_events', '');
END;
$$;

-- Request id of the transaction, from the audit rows it writes; batch sizes for graph.batch_applied.
CREATE FUNCTION backend_events.note_audit_rows() RETURNS trigger
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
    RETURN NULL;
END;
$$;

CREATE TRIGGER audit_events_note_for_events AFTER INSERT ON backend_audit.audit_events
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION backend_events.note_audit_rows();

-- One graph.batch_applied per transaction, after the batch's own events (deferred triggers fire in queue order).
CREATE FUNCTION backend_events.on_batch_audit() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('backend.batch_announced', true), '') = 'true' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('backend.batch_announced', 'true', true);
    PERFORM backend_events.append('graph.batch_applied', '{}', 'user', NULL, jsonb_build_object(
        'entities_created', coalesce(nullif(current_setting('backend.batch_entities', true), ''), '0')::bigint,
        'relationships_created', coalesce(nullif(current_setting('backend.batch_relationships', true), ''), '0')::bigint), NULL);
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER audit_events_append_batch_event AFTER INSERT ON backend_audit.audit_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.details ->> 'batch' = 'true')
    EXECUTE FUNCTION backend_events.on_batch_audit();

CREATE FUNCTION backend_events.on_entity_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v_type text;
BEGIN
    v_type := CASE
        WHEN TG_OP = 'INSERT' THEN 'entity.created'
        WHEN OLD.is_active AND NOT NEW.is_active THEN 'entity.deleted'
        WHEN NOT OLD.is_active AND NEW.is_active THEN 'entity.restored'
        ELSE 'entity.updated' END;
    PERFORM backend_events.append(v_type, ARRAY[NEW.id], 'user', NULL, jsonb_build_object(
        'id', NEW.id, 'name', NEW.name, 'type', NEW.type, 'confidence', NEW.confidence, 'source_type', NEW.source_type,
        'version', NEW.version, 'is_active', NEW.is_active, 'updated_at', NEW.updated_at), NULL);
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER entities_append_created_event AFTER INSERT ON backend_entities.entities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION backend_events.on_entity_change();
CREATE CONSTRAINT TRIGGER entities_append_changed_event AFTER UPDATE ON backend_entities.entities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION backend_events.on_entity_change();

CREATE FUNCTION backend_events.on_relationship_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v_type text;
BEGIN
    v_type := CASE
        WHEN TG_OP = 'INSERT' THEN 'relationship.created'
        WHEN OLD.is_active AND NOT NEW.is_active THEN 'relationship.deleted'
        WHEN NOT OLD.is_active AND NEW.is_active THEN 'relationship.restored'
        ELSE 'relationship.updated' END;
    PERFORM backend_events.append(v_type, ARRAY[NEW.id, NEW.source_entity_id, NEW.target_entity_id], 'user', NULL, jsonb_build_object(
        'id', NEW.id, 'source_entity_id', NEW.source_entity_id, 'target_entity_id', NEW.target_entity_id,
        'relationship_type', NEW.relationship_type, 'confidence', NEW.confidence, 'version', NEW.version,
        'is_active', NEW.is_active, 'updated_at', NEW.updated_at), NULL);
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER entity_relationships_append_created_event AFTER INSERT ON backend_entities.entity_relationships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION backend_events.on_relationship_change();
CREATE CONSTRAINT TRIGGER entity_relationships_append_changed_event AFTER UPDATE ON backend_entities.entity_relationships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION backend_events.on_relationship_change();

-- Account events: the user id and role only; readable by admins and by the user the event is about.
CREATE FUNCTION backend_events.on_user_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM backend_events.append('user.registered', ARRAY[NEW.id], 'admin', NEW.id,
            jsonb_build_object('user_id', NEW.id, 'role', NEW.role, 'registered_at', NEW.created_at), NULL);
        RETURN NULL;
    END IF;
    IF NEW.last_login_at IS DISTINCT FROM OLD.last_login_at AND NEW.last_login_at IS NOT NULL THEN
        PERFORM backend_events.append('user.authenticated', ARRAY[NEW.id], 'admin', NEW.id,
            jsonb_build_object('user_id', NEW.id, 'role', NEW.role, 'authenticated_at', NEW.last_login_at), NULL);
    END IF;
    IF OLD.is_active AND NOT NEW.is_active THEN
        PERFORM backend_events.append('user.deactivated', ARRAY[NEW.id], 'admin', NEW.id,
            jsonb_build_object('user_id', NEW.id, 'role', NEW.role, 'deactivated_at', NEW.updated_at), NULL);
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER users_append_registered_event AFTER INSERT ON backend_auth.users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION backend_events.on_user_change();
CREATE CONSTRAINT TRIGGER users_append_changed_event AFTER UPDATE ON backend_auth.users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.is_active AND NOT NEW.is_active) OR (NEW.last_login_at IS DISTINCT FROM OLD.last_login_at))
    EXECUTE FUNCTION backend_events.on_user_change();

-- The job's correlation id is the request id of everything its transaction changes (the extraction consumer's
-- entities and relationships included), unless an audit row named one.
CREATE FUNCTION backend_events.note_job_correlation() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('backend.request_id', true), '') = '' THEN
        PERFORM set_config('backend.request_id', NEW.correlation_id, true);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_note_correlation_for_events AFTER INSERT OR UPDATE OF status ON backend_ingest.jobs
    FOR EACH ROW EXECUTE FUNCTION backend_events.note_job_correlation();

-- Document and job events: readable by moderators and the document's owner; never the content.
CREATE FUNCTION backend_events.on_job_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v_job jsonb;
BEGIN
    v_job := jsonb_build_object('job_id', NEW.id, 'document_id', NEW.document_id, 'status', NEW.status,
        'priority', NEW.priority, 'retry_count', NEW.retry_count);
    IF TG_OP = 'INSERT' THEN
        PERFORM backend_events.append('content.submitted', ARRAY[NEW.document_id, NEW.id], 'moderator', NEW.owner_id,
            v_job || (SELECT jsonb_build_object('title', d.title, 'document_type', d.document_type, 'source_url', d.source_url,
                                                'content_bytes', d.content_bytes, 'owner_id', d.owner_id)
                      FROM backend_ingest.documents d WHERE d.id = NEW.document_id),
            NEW.correlation_id);
    ELSIF NEW.status = 'completed' THEN
        PERFORM backend_events.append('ai.extracted', ARRAY[NEW.document_id, NEW.id], 'moderator', NEW.owner_id,
            v_job || jsonb_build_object('entities_extracted', NEW.entities_extracted, 'relationships_found', NEW.relationships_found,
                                        'processing_seconds', NEW.processing_seconds),
            NEW.correlation_id);
        PERFORM backend_events.append('job.completed', ARRAY[NEW.document_id, NEW.id], 'moderator', NEW.owner_id,
            v_job || jsonb_build_object('completed_at', NEW.completed_at), NEW.correlation_id);
    ELSIF NEW.status IN ('failed', 'dead') THEN
        PERFORM backend_events.append('job.failed', ARRAY[NEW.document_id, NEW.id], 'moderator', NEW.owner_id,
            v_job || jsonb_build_object('error', NEW.last_error, 'failed_at', NEW.failed_at, 'will_retry', NEW.status = 'failed'),
            NEW.correlation_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER jobs_append_submitted_event AFTER INSERT ON backend_ingest.jobs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION backend_events.on_job_change();
CREATE CONSTRAINT TRIGGER jobs_append_status_event AFTER UPDATE OF status ON backend_ingest.jobs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('completed', 'failed', 'dead'))
    EXECUTE FUNCTION backend_events.on_job_change();
