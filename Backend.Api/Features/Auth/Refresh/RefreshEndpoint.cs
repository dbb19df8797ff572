using Backend.Api.Features.Audit;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Refresh;

/// <summary>
/// Rotates a refresh token: the presented one is spent and a new pair issued. Presenting a spent token again means it
/// was stolen or replayed: the whole family (every token descended from that login) is revoked.
/// </summary>
internal sealed class RefreshEndpoint(RefreshTokenRepository refreshTokens, CsrfTokens csrf, UserRepository users, SessionIssuer sessions, AuditLog audit, TimeProvider time)
    : Endpoint<RefreshRequest, TokenResponse>
{
    public override void Configure()
    {
        Post("/refresh");
        Group<AuthGroup>();
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Auth));
        Description(b => b.Produces<TokenResponse>(200)
            .ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(429, Problems.ContentType));
        Summary(s => s.Summary = "Exchange a refresh token for a new pair (rotation)");
    }

    public override async Task HandleAsync(RefreshRequest req, CancellationToken ct)
    {
        var source = RefreshTokenSource.From(HttpContext, req.RefreshToken);
        if (source.Token is null)
        {
            HttpContext.Response.Headers.WWWAuthenticate = AuthProblems.BearerChallenge;
            await Problems.WriteAsync(HttpContext, AuthProblems.InvalidRefreshToken(HttpContext));
            return;
        }

        var presented = OpaqueToken.Hash(source.Token);
        if (source.FromCookie && !csrf.IsValid(HttpContext, (await refreshTokens.FindByHashAsync(presented, ct))?.FamilyId))
        {
            await Problems.WriteAsync(HttpContext, AuthCookies.CsrfProblem(HttpContext));
            return;
        }

        var (token, child) = sessions.NewRefreshToken(HttpContext);
        var spent = await refreshTokens.RotateAsync(presented, child, ct);
        if (spent is null)
        {
            await RejectAsync(presented, ct);
            return;
        }

        var user = await users.FindByIdAsync(spent.UserId, ct);
        if (user is not { IsActive: true })
        {
            await refreshTokens.RevokeFamilyAsync(spent.FamilyId, time.GetUtcNow(), "deactivated", ct);
            HttpContext.Response.Headers.WWWAuthenticate = AuthProblems.BearerChallenge;
            await Problems.WriteAsync(HttpContext, AuthProblems.InvalidRefreshToken(HttpContext));
            return;
        }

        await Send.OkAsync(sessions.Respond(HttpContext, user, token, spent.FamilyId, source.FromCookie), ct);
    }

    private async Task RejectAsync(byte[] presented, CancellationToken ct)
    {
        var known = await refreshTokens.FindByHashAsync(presented, ct);
        if (known is { UsedAt: not null })
        {
            var revoked = await refreshTokens.RevokeFamilyAsync(known.FamilyId, time.GetUtcNow(), "reuse", ct);
            AuthMetrics.RefreshTokenReused();
            Logger.LogWarning("Refresh token reuse for user {UserId}: revoked {Count} token(s) of family {FamilyId}", known.UserId, revoked, known.FamilyId);
            await audit.WriteAsync(HttpContext, AuditActions.RefreshReuse, AuditActions.Denied, null, known.UserId, new { family_id = known.FamilyId, revoked }, ct);
        }

        HttpContext.Response.Headers.WWWAuthenticate = AuthProblems.BearerChallenge;
        await Problems.WriteAsync(HttpContext, AuthProblems.InvalidRefreshToken(HttpContext));
    }
}
