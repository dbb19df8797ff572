-- 0010_allow_admin_session_revocation
-- Why: admins can end every session of a user (POST /api/v1/admin/users/{id}/sessions/revoke); the refresh
-- tokens it revokes record that reason, so the list of known revocation reasons grows by 'admin_revoke'.

ALTER TABLE backend_auth.refresh_tokens DROP CONSTRAINT refresh_tokens_revoked_reason_known;
ALTER TABLE backend_auth.refresh_tokens ADD CONSTRAINT refresh_tokens_revoked_reason_known CHECK (
    (revoked_at IS NULL AND revoked_reason IS NULL)
    OR (revoked_at IS NOT NULL AND revoked_reason IN ('reuse', 'logout', 'logout_all', 'password_change', 'password_reset', 'deactivated', 'role_change', 'admin_revoke')));
