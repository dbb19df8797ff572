using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth.Tokens;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Admin.Users.Sessions;

/// <summary>Ends every session of the user: access tokens issued before now and every refresh token.</summary>
internal sealed class RevokeUserSessionsEndpoint(UserRepository users, TokenRevocationCache revocations, TimeProvider time) : Endpoint<UserIdRequest>
{
    public override void Configure()
    {
        Post("users/{id:guid}/sessions/revoke");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b.Produces(204).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s => s.Summary = "Revoke every session of a user (admins)");
    }

    public override async Task HandleAsync(UserIdRequest req, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var audit = Backend.Data.Audit.AuditEvents.Event(AuditActors.From(HttpContext), now, AuditActions.AdminSessionsRevoke, "user", req.Id, "{}");
        if (!await users.RevokeSessionsAsync(req.Id, now, AccessTokenIssuer.RevocationInstant(now), "admin_revoke", audit, ct))
        {
            await Problems.WriteAsync(HttpContext, AdminProblems.UserNotFound(HttpContext, req.Id));
            return;
        }

        revocations.Forget(req.Id);
        await Send.NoContentAsync(ct);
    }
}
