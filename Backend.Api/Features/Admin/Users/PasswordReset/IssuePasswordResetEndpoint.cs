using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Admin.Users.PasswordReset;

/// <summary>Issues a single-use reset token for the user (same table and flow as password/forgot) and returns it once.</summary>
internal sealed class IssuePasswordResetEndpoint(UserRepository users, PasswordResetRepository resets, AuditLog audit, AuthSettings settings, TimeProvider time)
    : Endpoint<UserIdRequest, Envelope<PasswordResetIssuedResponse>>
{
    public override void Configure()
    {
        Post("users/{id:guid}/password-reset");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b
            .ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType).ProducesProblemDetails(409, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Issue a password-reset token for a user (admins)";
            s.Description = "The token is in this response only (stored as SHA-256). Hand it to the user, who redeems it at POST /api/v1/auth/password/reset " +
                "within RESET_TOKEN_TTL. 409 for a deactivated user.";
        });
    }

    public override async Task HandleAsync(UserIdRequest req, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(req.Id, ct);
        if (user is null)
        {
            await Problems.WriteAsync(HttpContext, AdminProblems.UserNotFound(HttpContext, req.Id));
            return;
        }

        if (!user.IsActive)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 409, "The user is deactivated; reactivate it first.", "user-inactive", "User inactive"));
            return;
        }

        var now = time.GetUtcNow();
        var token = OpaqueToken.Create();
        var expires = now + settings.ResetTokenLifetime;
        await resets.CreateAsync(Guid.CreateVersion7(now), user.Id, OpaqueToken.Hash(token), now, expires, ClientInfo.From(HttpContext).Ip, ct);
        await audit.WriteAsync(HttpContext, AuditActions.AdminPasswordResetIssue, AuditActions.Success, User.UserId(), user.Id, new { expires_at = expires }, ct);
        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.OkAsync(Envelope.Of(HttpContext, new PasswordResetIssuedResponse(user.Id, token, expires)), ct);
    }
}
