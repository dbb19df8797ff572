using System.Text.Json;
using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth.Tokens;
using Backend.Api.Http;
using Backend.Data.Admin;
using Backend.Data.Audit;
using Backend.Data.Auth;

namespace Backend.Api.Features.Admin.Users;

/// <summary>
/// Runs an admin's change to an account (PATCH and deactivate): the last-admin rule, the audit event (a refusal is audited
/// as denied), and forgetting the user's cached token state on this replica so a role change or deactivation ends live
/// sessions at once. Returns the outcome; the endpoint answers it.
/// </summary>
internal sealed class UserChanges(UserRepository users, TokenRevocationCache revocations, AuditLog audit, TimeProvider time)
{
    public async Task<UserChangeOutcome> ApplyAsync(AuditActor actor, Guid id, UserChange change, string action, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var details = JsonSerializer.Serialize(change, Problems.Json);
        var outcome = await users.ChangeAsync(id, change, now, AccessTokenIssuer.RevocationInstant(now), AuditEvents.Event(actor, now, action, "user", id, details), ct);
        if (outcome.Status == UserChangeStatus.LastAdmin)
        {
            await audit.WriteAsync(actor, action, AuditActions.Denied, "user", id, new { reason = "last_admin", change }, ct);
        }
        else if (outcome.SessionsEnded)
        {
            revocations.Forget(id);
        }

        return outcome;
    }
}
