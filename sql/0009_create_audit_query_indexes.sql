-- 0009_create_audit_query_indexes
-- Why: GET /api/v1/admin/audit pages newest first by (occurred_at, id) and filters by action, actor or target;
-- retention deletes by occurred_at. The keyset needs the id as tie-breaker in the index, and "all logins"
-- or "all admin actions" style queries need action leading.

CREATE INDEX audit_events_keyset_idx ON backend_audit.audit_events (occurred_at, id);
CREATE INDEX audit_events_action_idx ON backend_audit.audit_events (action, occurred_at, id);
CREATE INDEX audit_events_target_type_idx ON backend_audit.audit_events (target_type, occurred_at, id) WHERE target_type IS NOT NULL;

-- The keyset index covers everything the plain occurred_at index served.
DROP INDEX backend_audit.audit_events_occurred_at_idx;
