-- 0004_create_audit_events
-- Why: security-relevant actions (logins, lockouts, logouts, refresh reuse, password changes and resets,
-- registrations, role changes) must be traceable after the fact. Rows are append-only. actor_id and target_id
-- are deliberately not foreign keys: an audit trail outlives the rows it describes, and failed logins for
-- unknown emails have no actor at all.

CREATE TABLE backend_audit.audit_events (
    id          uuid        PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_id    uuid,
    action      text        NOT NULL,
    target_type text,
    target_id   uuid,
    outcome     text        NOT NULL,
    ip          inet,
    user_agent  text,
    request_id  text,
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT audit_events_action_format CHECK (action ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$' AND char_length(action) <= 100),
    CONSTRAINT audit_events_outcome_known CHECK (outcome IN ('success', 'failure', 'denied')),
    CONSTRAINT audit_events_target_pair CHECK (target_id IS NULL OR target_type IS NOT NULL),
    CONSTRAINT audit_events_user_agent_length CHECK (char_length(user_agent) <= 512),
    CONSTRAINT audit_events_request_id_length CHECK (char_length(request_id) <= 128),
    CONSTRAINT audit_events_details_object CHECK (jsonb_typeof(details) = 'object')
);

-- "What happened recently", "what did this user do", "what happened to this object".
CREATE INDEX audit_events_occurred_at_idx ON backend_audit.audit_events (occurred_at);
CREATE INDEX audit_events_actor_idx ON backend_audit.audit_events (actor_id, occurred_at) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_events_target_idx ON backend_audit.audit_events (target_id, occurred_at) WHERE target_id IS NOT NULL;

COMMENT ON TABLE backend_audit.audit_events IS 'Append-only audit trail of security-relevant actions';
