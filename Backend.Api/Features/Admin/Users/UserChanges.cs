using System.Text.Json;
using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth.Tokens;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Admin;
using Backend.Data.Auth;

namespace Backend.Api.Features.Admin.Users;

/// <summary>
/// Runs an admin's change to an account (PATCH and deactivate): the last-admin rule, the audit event, and forgetting
/// the user's cached token state on this replica so a role change or deactivation ends live sessions at once.
/// </summary>
internal sealed class UserChanges(UserRepository users, TokenRevocationCache revocations, AuditLog audit, TimeProvider time)
{
    /// <summary>Writes the 404 or 409 problem itself and returns null, or returns the changed user.</summary>
    public async Task<AdminUserResponse?> ApplyAsync(HttpContext context, Guid id, UserChange change, string action, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var details = JsonSerializer.Serialize(change, Problems.Json);
        var auditEvent = Backend.Data.Audit.AuditEvents.Event(AuditActors.From(context), now, action, "user", id, details);
        var outcome = await users.ChangeAsync(id, change, now, AccessTokenIssuer.RevocationInstant(now), auditEvent, ct);
        switch (outcome.Status)
        {
            case UserChangeStatus.NotFound:
                await AdminProblems.UserNotFoundAsync(context, id);
                return null;
            case UserChangeStatus.LastAdmin:
                await audit.WriteAsync(context, action, AuditActions.Denied, context.User.UserId(), id, new { reason = "last_admin", change }, ct);
                await AdminProblems.LastAdminAsync(context);
                return null;
            default:
                if (outcome.SessionsEnded)
                {
                    revocations.Forget(id);
                }

                return AdminUserResponse.From(outcome.User!);
        }
    }
}
