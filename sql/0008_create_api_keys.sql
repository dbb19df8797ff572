-- 0008_create_api_keys
-- Why: other services call Backend without a user's password. An admin creates a key (name, role, optional
-- expiry); the secret is shown once and only its SHA-256 is stored (the secret carries 256 random bits, so a
-- fast hash suffices, as for refresh tokens). The visible prefix identifies a key in listings and logs without
-- revealing it. A key acts for the admin who created it (created_by), so rows it writes keep real foreign keys.
-- Live key names are unique so logs and audit entries that show the name point at exactly one key.

CREATE TABLE backend_auth.api_keys (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL,
    prefix       text        NOT NULL,
    key_hash     bytea       NOT NULL,
    role         text        NOT NULL,
    created_by   uuid        NOT NULL REFERENCES backend_auth.users (id),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    revoked_by   uuid        REFERENCES backend_auth.users (id),
    last_used_at timestamptz,
    CONSTRAINT api_keys_name_length CHECK (char_length(name) BETWEEN 1 AND 100 AND name = btrim(name)),
    CONSTRAINT api_keys_prefix_format CHECK (prefix ~ '^[a-z0-9]{8}$'),
    CONSTRAINT api_keys_prefix_key UNIQUE (prefix),
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_key_hash_sha256 CHECK (octet_length(key_hash) = 32),
    CONSTRAINT api_keys_role_known CHECK (role IN ('user', 'moderator', 'admin')),
    CONSTRAINT api_keys_expires_after_created CHECK (expires_at IS NULL OR expires_at > created_at),
    CONSTRAINT api_keys_revoked_after_created CHECK (revoked_at IS NULL OR revoked_at >= created_at),
    CONSTRAINT api_keys_revoked_by_needs_revoked_at CHECK (revoked_by IS NULL OR revoked_at IS NOT NULL)
);

-- Two live keys never share a name (case-insensitively); a revoked key's name may be reused by its successor.
CREATE UNIQUE INDEX api_keys_live_name_key ON backend_auth.api_keys (lower(name)) WHERE revoked_at IS NULL;
-- The admin listing, newest first.
CREATE INDEX api_keys_created_idx ON backend_auth.api_keys (created_at DESC, id DESC);
-- Keys of a user (e.g. before deactivating the admin who owns them).
CREATE INDEX api_keys_created_by_idx ON backend_auth.api_keys (created_by);

COMMENT ON TABLE backend_auth.api_keys IS 'Service API keys: SHA-256 of the secret only, visible prefix, role, expiry, revocation';
COMMENT ON COLUMN backend_auth.api_keys.last_used_at IS 'Updated at most once a minute per key';
