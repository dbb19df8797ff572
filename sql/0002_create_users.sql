-- 0002_create_users
-- Why: accounts replace the previous module's placeholder login. One row per account; the password is an
-- Argon2id PHC string (parameters travel with each hash so they can be raised later); failed logins and the
-- lock live here so every replica sees the same count; tokens_valid_after revokes every access token issued
-- before it (password change/reset, logout-all, deactivation, role change).
-- Emails are unique case-insensitively (unique index on lower(email)); roles are user < moderator < admin.

CREATE TABLE backend_auth.users (
    id                  uuid        PRIMARY KEY,
    email               text        NOT NULL,
    password_hash       text        NOT NULL,
    first_name          text        NOT NULL,
    last_name           text        NOT NULL,
    role                text        NOT NULL DEFAULT 'user',
    is_active           boolean     NOT NULL DEFAULT true,
    failed_login_count  integer     NOT NULL DEFAULT 0,
    lockout_count       integer     NOT NULL DEFAULT 0,
    locked_until        timestamptz,
    last_login_at       timestamptz,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    tokens_valid_after  timestamptz NOT NULL DEFAULT now(),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz,
    deleted_by          uuid        REFERENCES backend_auth.users (id),
    CONSTRAINT users_email_format CHECK (char_length(email) BETWEEN 3 AND 254 AND email = btrim(email) AND position('@' IN email) > 1),
    CONSTRAINT users_password_hash_phc CHECK (password_hash LIKE '$argon2id$v=19$m=%,t=%,p=%$%$%'),
    CONSTRAINT users_first_name_length CHECK (char_length(first_name) BETWEEN 1 AND 100),
    CONSTRAINT users_last_name_length CHECK (char_length(last_name) BETWEEN 1 AND 100),
    CONSTRAINT users_role_known CHECK (role IN ('user', 'moderator', 'admin')),
    CONSTRAINT users_failed_login_count_non_negative CHECK (failed_login_count >= 0),
    CONSTRAINT users_lockout_count_non_negative CHECK (lockout_count >= 0),
    CONSTRAINT users_updated_after_created CHECK (updated_at >= created_at),
    CONSTRAINT users_deleted_is_inactive CHECK (deleted_at IS NULL OR NOT is_active),
    CONSTRAINT users_deleted_by_needs_deleted_at CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL)
);

-- Login, registration conflicts and password-forgot all look users up by email, case-insensitively.
CREATE UNIQUE INDEX users_email_key ON backend_auth.users (lower(email));
-- Admin listings by role (and the bootstrap's "is there an admin" check).
CREATE INDEX users_role_idx ON backend_auth.users (role) WHERE is_active;

COMMENT ON TABLE backend_auth.users IS 'Accounts: Argon2id PHC hash, role, lockout state, token revocation instant';
COMMENT ON COLUMN backend_auth.users.tokens_valid_after IS 'Access tokens with iat before this instant are rejected';
COMMENT ON COLUMN backend_auth.users.lockout_count IS 'Consecutive lockouts; each one doubles the next lock, reset by a successful login';
