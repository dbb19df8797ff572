-- 0003_create_auth_tokens
-- Why: refresh tokens and password-reset tokens are bearer secrets, so only their SHA-256 is stored (the
-- tokens carry 256 random bits, so a fast hash suffices). Refresh tokens rotate: each use spends the token
-- (used_at) and issues a child in the same family; presenting a spent token revokes the whole family.
-- Reset tokens are single use (used_at) with a short expiry.

CREATE TABLE backend_auth.refresh_tokens (
    id             uuid        PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES backend_auth.users (id) ON DELETE CASCADE,
    token_hash     bytea       NOT NULL,
    family_id      uuid        NOT NULL,
    parent_id      uuid        REFERENCES backend_auth.refresh_tokens (id) ON DELETE SET NULL,
    issued_at      timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz,
    revoked_at     timestamptz,
    revoked_reason text,
    client_ip      inet,
    user_agent     text,
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT refresh_tokens_token_hash_sha256 CHECK (octet_length(token_hash) = 32),
    CONSTRAINT refresh_tokens_expires_after_issued CHECK (expires_at > issued_at),
    CONSTRAINT refresh_tokens_used_after_issued CHECK (used_at IS NULL OR used_at >= issued_at),
    CONSTRAINT refresh_tokens_revoked_reason_known CHECK (
        (revoked_at IS NULL AND revoked_reason IS NULL)
        OR (revoked_at IS NOT NULL AND revoked_reason IN ('reuse', 'logout', 'logout_all', 'password_change', 'password_reset', 'deactivated', 'role_change'))),
    CONSTRAINT refresh_tokens_user_agent_length CHECK (char_length(user_agent) <= 512)
);

-- Reuse detection revokes a family; logout-all and password changes revoke a user's live tokens.
CREATE INDEX refresh_tokens_family_idx ON backend_auth.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_live_idx ON backend_auth.refresh_tokens (user_id) WHERE revoked_at IS NULL;
-- Housekeeping deletes expired rows.
CREATE INDEX refresh_tokens_expires_idx ON backend_auth.refresh_tokens (expires_at);

CREATE TABLE backend_auth.password_reset_tokens (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES backend_auth.users (id) ON DELETE CASCADE,
    token_hash   bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    requested_ip inet,
    CONSTRAINT password_reset_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT password_reset_tokens_token_hash_sha256 CHECK (octet_length(token_hash) = 32),
    CONSTRAINT password_reset_tokens_expires_after_created CHECK (expires_at > created_at),
    CONSTRAINT password_reset_tokens_used_after_created CHECK (used_at IS NULL OR used_at >= created_at)
);

-- A successful reset spends every other outstanding token of the user.
CREATE INDEX password_reset_tokens_user_open_idx ON backend_auth.password_reset_tokens (user_id) WHERE used_at IS NULL;

COMMENT ON TABLE backend_auth.refresh_tokens IS 'Refresh tokens (SHA-256 only), rotated on use, revoked per family on reuse';
COMMENT ON TABLE backend_auth.password_reset_tokens IS 'Password-reset tokens (SHA-256 only), single use, short expiry';
