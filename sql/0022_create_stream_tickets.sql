-- 0022_create_stream_tickets
-- Why: browsers cannot set headers on a WebSocket, so POST /api/v1/events/ticket hands out a short-lived, single-use
-- ticket the browser puts in the /ws/updates URL. Only a SHA-256 hash of the ticket is stored; using it deletes the
-- row. The ticket carries the identity it was issued to (user, role, the access token's issue time or the API key)
-- so the stream re-checks revocation exactly as the REST API would for that credential.

CREATE TABLE backend_events.stream_tickets (
    ticket_hash      bytea       PRIMARY KEY,
    user_id          uuid        NOT NULL REFERENCES backend_auth.users (id),
    role             text        NOT NULL,
    token_issued_at  timestamptz,
    api_key_id       uuid,
    expires_at       timestamptz NOT NULL,
    CONSTRAINT stream_tickets_hash_length CHECK (octet_length(ticket_hash) = 32),
    CONSTRAINT stream_tickets_role_known CHECK (role IN ('user', 'moderator', 'admin')),
    CONSTRAINT stream_tickets_one_credential CHECK ((token_issued_at IS NULL) <> (api_key_id IS NULL))
);

CREATE INDEX stream_tickets_expires_at_idx ON backend_events.stream_tickets (expires_at);

COMMENT ON TABLE backend_events.stream_tickets IS 'Single-use WebSocket tickets (hash only), valid for seconds';
