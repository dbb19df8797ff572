using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth.Passwords;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Token;

/// <summary>
/// Login. Unknown email, wrong password, locked and inactive accounts all get the same 401 (an unknown email is
/// verified against a dummy hash so it takes as long). Each attempt is reserved in the database before the hash is
/// checked (refused while locked or while LOCKOUT_THRESHOLD attempts are pending), so concurrent guesses cannot outrun
/// the lockout, and a correct password that races a lock does not clear it. Cookie mode is for JSON logins only: a
/// form post can come from any site's HTML form (login CSRF).
/// </summary>
internal sealed class TokenEndpoint(
    UserRepository users, LoginAttempts attempts, PasswordHasher hasher, SessionIssuer sessions, AuditLog audit, AuthSettings settings, TimeProvider time, Serilog.IDiagnosticContext diagnostics)
    : Endpoint<TokenRequest, TokenResponse>
{
    public override void Configure()
    {
        Post("/token", "/login");
        Group<AuthGroup>();
        AllowAnonymous();
        AllowFormData(urlEncoded: true);
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Auth).Accepts<TokenRequest>("application/json", "application/x-www-form-urlencoded"));
        Description(b => b.Produces<TokenResponse>(200)
            .ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(429, Problems.ContentType));
        Summary(s =>
        {
            s.Summary = "Log in (OAuth2 password grant)";
            s.Description = "JSON {email, password, use_cookies} or form grant_type=password&username=…&password=…. "
                + "Returns {access_token, token_type, expires_in, refresh_token, user}; with use_cookies=true the tokens are set as httpOnly cookies instead.";
            s.ExampleRequest = new TokenRequest { Email = "ada@example.com", Password = "correct horse battery staple" };
        });
    }

    public override async Task HandleAsync(TokenRequest req, CancellationToken ct)
    {
        if (!HttpContext.Request.HasJsonContentType() && (req.UseCookies || AsksForCookies(HttpContext.Request)))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 400, "One or more fields are invalid; see errors.", "validation", "Validation failed",
                [new FieldError("use_cookies", "json_only", "Cookie mode is only available to JSON logins.")]));
            return;
        }

        var now = time.GetUtcNow();
        var user = await users.FindByEmailAsync(EmailAddress.Canonical(req.Login) ?? req.Login, req.Login, ct);
        if (user is null || !await attempts.ReserveAsync(user.Id, ct))
        {
            await hasher.VerifyDummyAsync(req.Password, ct);
            await FailAsync(user, user is null ? "unknown_email" : "locked", req.Login, ct);
            return;
        }

        var check = await hasher.VerifyAsync(req.Password, user.PasswordHash, ct);
        if (!check.Valid)
        {
            if (await users.RecordFailedLoginAsync(user.Id, now, settings.LockoutThreshold, settings.LockoutDuration, settings.LockoutMaxDuration, ct) is { } state)
            {
                AuthMetrics.AccountLocked();
                Logger.LogWarning("Locked account {UserId} until {LockedUntil} after {Threshold} failed logins", user.Id, state.LockedUntil, settings.LockoutThreshold);
                await audit.WriteAsync(HttpContext, AuditActions.Lockout, AuditActions.Success, null, user.Id, new { locked_until = state.LockedUntil, lockout_count = state.LockoutCount }, ct);
            }

            await FailAsync(user, "wrong_password", req.Login, ct);
            return;
        }

        if (!user.IsActive)
        {
            await users.ReleaseLoginAttemptAsync(user.Id, now, ct);
            await FailAsync(user, "inactive", req.Login, ct);
            return;
        }

        if (!await users.RecordLoginAsync(user.Id, now, check.NeedsRehash ? await hasher.HashAsync(req.Password, ct) : null, ct))
        {
            await FailAsync(user, "locked", req.Login, ct);
            return;
        }

        AuthMetrics.LoginSucceeded();
        await audit.WriteAsync(HttpContext, AuditActions.Login, AuditActions.Success, user.Id, user.Id, new { mode = req.UseCookies ? "cookie" : "bearer", rehashed = check.NeedsRehash }, ct);
        diagnostics.Set("user_id", user.Id.ToString());
        await Send.OkAsync(await sessions.StartAsync(HttpContext, user with { LastLoginAt = now.UtcDateTime }, req.UseCookies, ct), ct);
    }

    /// <summary>A form field naming cookie mode, however it is spelled (the form binder matches property names, not snake_case).</summary>
    private static bool AsksForCookies(HttpRequest request) =>
        request.HasFormContentType && request.Form.Any(f => f.Key.Replace("_", "", StringComparison.Ordinal).Equals("usecookies", StringComparison.OrdinalIgnoreCase));

    private async Task FailAsync(UserRow? user, string reason, string login, CancellationToken ct)
    {
        if (reason == "locked")
        {
            AuthMetrics.LoginRejectedLocked();
        }
        else
        {
            AuthMetrics.LoginFailed();
        }

        Logger.LogInformation("Login failed for {UserId}: {Reason}", user?.Id, reason);
        await audit.WriteAsync(HttpContext, AuditActions.Login, AuditActions.Failure, user?.Id, user?.Id, new { reason, email = user is null ? login : null }, ct);
        HttpContext.Response.Headers.WWWAuthenticate = AuthProblems.BearerChallenge;
        await Problems.WriteAsync(HttpContext, AuthProblems.InvalidCredentials(HttpContext));
    }
}
