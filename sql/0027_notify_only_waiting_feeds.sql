-- 0027_notify_only_waiting_feeds
-- Why: every commit that appended events sent a pg_notify (sql/0021, 0025), and every listening session (one live
-- feed per replica) was woken for each of them: under a steady stream of writes the feeds read the table every few
-- milliseconds anyway, so those notifications only cost (at ~1,000 creates a second: ~80 µs of PostgreSQL CPU per
-- create for each listening replica, plus the NOTIFY queue's commit-time lock for every writer). Now a session that
-- waits for notifications says so by holding a session-level advisory lock in SHARE mode (begin_waiting, released
-- by end_waiting or when the session ends), and a committing writer notifies only when some session holds it.
--
-- The writer tests with pg_try_advisory_xact_lock on the same key while it holds the commit-order lock
-- (7310150001), so writers never test at the same time and do not contend for the key. When the test succeeds
-- nobody is waiting: the writer skips the notification and keeps the key until its transaction ends. A session
-- that starts waiting (begin_waiting) therefore blocks until every writer that skipped its notification has
-- committed or rolled back; its next read of the table sees their events, and every later writer finds the key
-- held and notifies. No wake-up is lost between a reader's last read and its wait.

-- The key of the waiting feeds' lock.
CREATE FUNCTION backend_events.feed_wait_lock_key() RETURNS bigint
    LANGUAGE sql IMMUTABLE AS 'SELECT 7310150027::bigint';

-- Called by a session (with LISTEN backend_events) before it waits for notifications; returns once no writer that
-- skipped its notification is still running. Session-level: held until end_waiting() or the end of the session.
CREATE FUNCTION backend_events.begin_waiting() RETURNS void
    LANGUAGE sql AS 'SELECT pg_advisory_lock_shared(backend_events.feed_wait_lock_key())';

-- The session no longer waits for notifications (it reads the table on its own schedule). False when it was not waiting.
CREATE FUNCTION backend_events.end_waiting() RETURNS boolean
    LANGUAGE sql AS 'SELECT pg_advisory_unlock_shared(backend_events.feed_wait_lock_key())';

-- Called by a writer holding the commit-order lock, after it appended events: one pg_notify when a session waits.
-- The payload carries nothing: listeners read the table from their last position.
CREATE FUNCTION backend_events.notify_waiting_feeds() RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(backend_events.feed_wait_lock_key()) THEN
        PERFORM pg_notify('backend_events', '');
    END IF;
END;
$$;

-- 0021's append() (user and job events, graph.batch_applied) and 0025's flush, unchanged but for the notification.

CREATE OR REPLACE FUNCTION backend_events.append(p_type text, p_subjects uuid[], p_audience text, p_owner uuid, p_data jsonb, p_correlation text)
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
    PERFORM backend_events.notify_waiting_feeds();
END;
$$;

CREATE OR REPLACE FUNCTION backend_events.flush_pending() RETURNS trigger
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
        PERFORM backend_events.notify_waiting_feeds();
    END IF;
    RETURN NULL;
END;
$$;
