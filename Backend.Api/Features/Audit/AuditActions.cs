namespace Backend.Api.Features.Audit;

internal static class AuditActions
{
    public const string Register = "auth.register";
    public const string Login = "auth.login";
    public const string Lockout = "auth.lockout";
    public const string Refresh = "auth.refresh";
    public const string RefreshReuse = "auth.refresh_reuse";
    public const string Logout = "auth.logout";
    public const string LogoutAll = "auth.logout_all";
    public const string PasswordChange = "auth.password_change";
    public const string PasswordResetRequest = "auth.password_reset_request";
    public const string PasswordReset = "auth.password_reset";
    public const string RoleChange = "auth.role_change";
    public const string AdminBootstrap = "auth.admin_bootstrap";

    public const string AdminUserUpdate = "admin.user_update";
    public const string AdminUserDeactivate = "admin.user_deactivate";
    public const string AdminUserUnlock = "admin.user_unlock";
    public const string AdminSessionsRevoke = "admin.sessions_revoke";
    public const string AdminPasswordResetIssue = "admin.password_reset_issue";
    public const string ApiKeyCreate = "admin.api_key_create";
    public const string ApiKeyRevoke = "admin.api_key_revoke";

    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}
