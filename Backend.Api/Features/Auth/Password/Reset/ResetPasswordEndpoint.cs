using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth.Passwords;
using Backend.Api.Features.Auth.Tokens;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Password.Reset;

/// <summary>Sets a new password with a reset token (single use, RESET_TOKEN_TTL); every session of the user ends. 204.</summary>
internal sealed class ResetPasswordEndpoint(PasswordResetRepository resets, UserRepository users, PasswordHasher hasher, PasswordPolicy policy, TokenRevocationCache revocations, AuditLog audit, TimeProvider time)
    : Endpoint<ResetPasswordRequest>
{
    public override void Configure()
    {
        Post("/password/reset");
        Group<AuthGroup>();
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Auth));
        Description(b => b.Produces(204).ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(429, Problems.ContentType));
        Summary(s => s.Summary = "Reset the password with a reset token");
    }

    public override async Task HandleAsync(ResetPasswordRequest req, CancellationToken ct)
    {
        if (User.ApiKeyId() is not null)
        {
            await Problems.WriteAsync(HttpContext, AuthProblems.ApiKeyNotAllowed(HttpContext));
            return;
        }

        var now = time.GetUtcNow();
        var tokenHash = OpaqueToken.Hash(req.Token);
        var user = await resets.FindUserByOpenTokenAsync(tokenHash, now, ct);
        if (user is null)
        {
            await InvalidTokenAsync();
            return;
        }

        if (policy.Check(req.NewPassword, user.Email) is { } reason)
        {
            await Problems.WriteAsync(HttpContext, AuthProblems.PasswordRejected(HttpContext, "new_password", reason));
            return;
        }

        if (!await users.ResetPasswordAsync(tokenHash, user.Id, await hasher.HashAsync(req.NewPassword, ct), now, AccessTokenIssuer.RevocationInstant(now), ct))
        {
            await InvalidTokenAsync();
            return;
        }

        revocations.Forget(user.Id);
        await audit.WriteAsync(HttpContext, AuditActions.PasswordReset, AuditActions.Success, user.Id, user.Id, null, ct);
        await Send.NoContentAsync(ct);
    }

    private Task InvalidTokenAsync() =>
        Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 400, "The reset token is invalid, expired or already used.", "invalid-reset-token", "Invalid reset token"));
}
