-- 0018_make_api_keys_principals
-- Why: an API key used to act as the admin who created it (its requests carried the admin's id), so a key of
-- role 'user' passed the admin's owner checks, read the admin's account and ran account operations on it.
-- From now on every key is a principal of its own: a service account in backend_auth.users whose id is the
-- key's id (users.kind = 'service'). What a key creates carries created_by = the key's id, which the existing
-- foreign keys to users(id) accept, and the audit trail names the key as the actor.
-- Service accounts never log in: they have no email for lookups (email_canonical stays NULL, see 0019) and
-- the password hash '!' that no password verifies. Their stored role is the key's role; the service caps it
-- at the creator's current role on every request.
-- Existing keys get their service account here; a key revoked before this script gets an inactive one.
-- users.security_stamp is bumped by every event that must end credentials derived from the account's state
-- (password change or reset, logout-all, admin session revocation, deactivation, role change); password-reset
-- tokens record it when issued and are refused once it moved (see the README's credential matrix).

ALTER TABLE backend_auth.users ADD COLUMN kind text NOT NULL DEFAULT 'person';
ALTER TABLE backend_auth.users ADD CONSTRAINT users_kind_known CHECK (kind IN ('person', 'service'));
ALTER TABLE backend_auth.users ADD COLUMN security_stamp bigint NOT NULL DEFAULT 0;

ALTER TABLE backend_auth.users DROP CONSTRAINT users_password_hash_phc;
ALTER TABLE backend_auth.users ADD CONSTRAINT users_password_hash_phc CHECK (
    (kind = 'person' AND password_hash LIKE '$argon2id$v=19$m=%,t=%,p=%$%$%')
    OR (kind = 'service' AND password_hash = '!'));

INSERT INTO backend_auth.users (id, email, password_hash, first_name, last_name, role, is_active, kind, password_changed_at, tokens_valid_after, created_at, updated_at)
SELECT k.id, 'api-key-' || k.id || '@api-keys.invalid', '!', 'API key', k.name, k.role, k.revoked_at IS NULL, 'service',
       k.created_at, k.created_at, k.created_at, k.created_at
FROM backend_auth.api_keys k;

-- The key and its service account share the id; the account exists before the key row (see ApiKeyRepository).
ALTER TABLE backend_auth.api_keys ADD CONSTRAINT api_keys_principal_fkey FOREIGN KEY (id) REFERENCES backend_auth.users (id);

ALTER TABLE backend_auth.password_reset_tokens ADD COLUMN security_stamp bigint NOT NULL DEFAULT 0;

-- Admin listings and the last-admin rule only count people.
CREATE INDEX users_kind_idx ON backend_auth.users (kind) WHERE kind <> 'person';

COMMENT ON COLUMN backend_auth.users.kind IS 'person: logs in with email and password; service: the principal of the API key with the same id';
COMMENT ON COLUMN backend_auth.users.security_stamp IS 'Bumped by every event that ends derived credentials; reset tokens must carry the current value';
