using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth.Passwords;
using Backend.Api.Features.Auth.Tokens;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Password.Change;

/// <summary>
/// Changes the password after checking the current one. Every session ends (access tokens included); the caller gets
/// a fresh pair in the response so this device stays signed in.
/// </summary>
internal sealed class ChangePasswordEndpoint(
    UserRepository users, LoginAttempts attempts, PasswordHasher hasher, PasswordPolicy policy, SessionIssuer sessions, TokenRevocationCache revocations, AuditLog audit, AuthSettings settings, TimeProvider time)
    : Endpoint<ChangePasswordRequest, TokenResponse>
{
    public override void Configure()
    {
        Post("/password/change");
        Group<AuthGroup>();
        Policies(AuthPolicies.User);
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Auth));
        Description(b => b.Produces<TokenResponse>(200)
            .ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(429, Problems.ContentType));
        Summary(s => s.Summary = "Change the password (other sessions are revoked)");
    }

    public override async Task HandleAsync(ChangePasswordRequest req, CancellationToken ct)
    {
        if (User.ApiKeyId() is not null)
        {
            await Problems.WriteAsync(HttpContext, AuthProblems.ApiKeyNotAllowed(HttpContext));
            return;
        }

        var user = await users.FindByIdAsync(User.UserId()!.Value, ct);
        if (user is null)
        {
            await Send.UnauthorizedAsync(ct);
            return;
        }

        var now = time.GetUtcNow();
        // The current-password check counts towards the lockout like a login (reserved before the hash), so a stolen access
        // token cannot keep guessing here; a locked account refuses it.
        var reserved = await attempts.ReserveAsync(user.Id, ct);
        var valid = reserved && (await hasher.VerifyAsync(req.CurrentPassword, user.PasswordHash, ct)).Valid;
        if (valid && !await users.ReleaseLoginAttemptAsync(user.Id, now, ct))
        {
            valid = reserved = false;
        }

        if (!valid)
        {
            if (reserved && await users.RecordFailedLoginAsync(user.Id, now, settings.LockoutThreshold, settings.LockoutDuration, settings.LockoutMaxDuration, ct) is { } state)
            {
                AuthMetrics.AccountLocked();
                await audit.WriteAsync(HttpContext, AuditActions.Lockout, AuditActions.Success, null, user.Id, new { locked_until = state.LockedUntil, lockout_count = state.LockoutCount }, ct);
            }

            await audit.WriteAsync(HttpContext, AuditActions.PasswordChange, AuditActions.Failure, user.Id, user.Id, new { reason = reserved ? "wrong_current_password" : "locked" }, ct);
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 400, "The current password is incorrect.", "validation", "Validation failed",
                [new FieldError("current_password", "current_password", "The current password is incorrect.")]));
            return;
        }

        if (policy.Check(req.NewPassword, user.Email) is { } reason)
        {
            await Problems.WriteAsync(HttpContext, AuthProblems.PasswordRejected(HttpContext, "new_password", reason));
            return;
        }

        var validAfter = await users.ChangePasswordAsync(user.Id, await hasher.HashAsync(req.NewPassword, ct), now, AccessTokenIssuer.RevocationInstant(now), ct);
        if (validAfter is null)
        {
            await Send.UnauthorizedAsync(ct);
            return;
        }

        revocations.Forget(user.Id);
        await audit.WriteAsync(HttpContext, AuditActions.PasswordChange, AuditActions.Success, user.Id, user.Id, null, ct);
        var byCookie = HttpContext.Items.TryGetValue(AuthCookies.AuthenticatedByCookie, out var flag) && flag is true;
        await Send.OkAsync(await sessions.StartAsync(HttpContext, user with { TokensValidAfter = validAfter.Value }, byCookie, ct), ct);
    }
}
