-- 0019_add_users_email_canonical
-- Why: uniqueness relied on lower(email), which under the C locale folds ASCII only, so 'Émile.x@example.test'
-- and 'émile.x@example.test' (or 'ada@BÜRO.test' and 'ada@büro.test') became two accounts. The service now
-- computes one canonical form per address (Unicode NFKC with case folding, the domain's IDNA A-labels decoded
-- to Unicode) before every lookup and store; email keeps the address as typed, for display.
-- This script fills the canonical form for the addresses it can compute exactly in SQL: pure ASCII without
-- IDNA A-labels, where the canonical form is lower(email). Every other address is listed in
-- backend_auth.email_canonical_backlog; the service completes them when it starts. An address whose canonical
-- form another account already holds is never merged: it keeps email_canonical NULL (it can still log in with
-- the address exactly as stored), and the service records the pair in backend_auth.email_canonical_conflicts
-- and logs it, for an operator to resolve.

ALTER TABLE backend_auth.users ADD COLUMN email_canonical text;

UPDATE backend_auth.users SET email_canonical = lower(email)
WHERE kind = 'person' AND email ~ '^[\x01-\x7f]*$' AND position('xn--' IN lower(email)) = 0;

CREATE UNIQUE INDEX users_email_canonical_key ON backend_auth.users (email_canonical);

CREATE TABLE backend_auth.email_canonical_conflicts (
    user_id          uuid        PRIMARY KEY REFERENCES backend_auth.users (id) ON DELETE CASCADE,
    email_canonical  text        NOT NULL,
    holder_id        uuid        NOT NULL REFERENCES backend_auth.users (id) ON DELETE CASCADE,
    found_at         timestamptz NOT NULL
);

CREATE VIEW backend_auth.email_canonical_backlog AS
SELECT id, email FROM backend_auth.users u
WHERE kind = 'person' AND email_canonical IS NULL AND deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM backend_auth.email_canonical_conflicts c WHERE c.user_id = u.id);

COMMENT ON COLUMN backend_auth.users.email_canonical IS 'NFKC case-folded address with a Unicode domain; NULL for service accounts and unresolved duplicates';
COMMENT ON TABLE backend_auth.email_canonical_conflicts IS 'Accounts whose canonical email another account holds; never merged automatically';
