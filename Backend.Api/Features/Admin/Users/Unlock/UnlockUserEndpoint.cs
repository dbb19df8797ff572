using Backend.Api.Features.Audit;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Admin.Users.Unlock;

/// <summary>Clears a login lockout and the failure counts.</summary>
internal sealed class UnlockUserEndpoint(UserRepository users, TimeProvider time) : Endpoint<UserIdRequest, Envelope<AdminUserResponse>>
{
    public override void Configure()
    {
        Post("users/{id:guid}/unlock");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s => s.Summary = "Unlock a user (admins)");
    }

    public override async Task HandleAsync(UserIdRequest req, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var audit = Backend.Data.Audit.AuditEvents.Event(AuditActors.From(HttpContext), now, AuditActions.AdminUserUnlock, "user", req.Id, "{}");
        var user = await users.UnlockAsync(req.Id, now, audit, ct);
        if (user is null)
        {
            await Problems.WriteAsync(HttpContext, AdminProblems.UserNotFound(HttpContext, req.Id));
            return;
        }

        await Send.OkAsync(Envelope.Of(HttpContext, AdminUserResponse.From(user)), ct);
    }
}
