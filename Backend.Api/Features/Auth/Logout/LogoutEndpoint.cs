using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth.Tokens;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Audit;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Logout;

/// <summary>Revokes the family of the given refresh token; with <c>all: true</c> every session of the user. 204.</summary>
internal sealed class LogoutEndpoint(RefreshTokenRepository refreshTokens, CsrfTokens csrf, UserRepository users, TokenRevocationCache revocations, AuditLog audit, TimeProvider time)
    : Endpoint<LogoutRequest>
{
    public override void Configure()
    {
        Post("/logout");
        Group<AuthGroup>();
        AllowAnonymous();
        Description(b => b.Produces(204).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType));
        Summary(s =>
        {
            s.Summary = "Log out";
            s.Description = "Revokes the refresh token's family (body or cookie). With all=true, every session of the user ends, access tokens included; "
                + "the user is taken from the refresh token or the bearer token.";
        });
    }

    public override async Task HandleAsync(LogoutRequest req, CancellationToken ct)
    {
        if (User.ApiKeyId() is not null)
        {
            await Problems.WriteAsync(HttpContext, AuthProblems.ApiKeyNotAllowed(HttpContext));
            return;
        }

        var source = RefreshTokenSource.From(HttpContext, req.RefreshToken);
        var known = source.Token is null ? null : await refreshTokens.FindByHashAsync(OpaqueToken.Hash(source.Token), ct);
        if (source.FromCookie && !csrf.IsValid(HttpContext, known?.FamilyId ?? User.SessionId()))
        {
            await Problems.WriteAsync(HttpContext, AuthCookies.CsrfProblem(HttpContext));
            return;
        }

        var now = time.GetUtcNow();
        var userId = known?.UserId ?? User.UserId();
        if (req.All)
        {
            if (userId is null)
            {
                HttpContext.Response.Headers.WWWAuthenticate = AuthProblems.BearerChallenge;
                await Problems.WriteAsync(HttpContext, AuthProblems.InvalidRefreshToken(HttpContext));
                return;
            }

            var auditEvent = AuditEvents.Event(AuditActors.From(HttpContext) with { ActorId = userId }, now, AuditActions.LogoutAll, "user", userId, "{}");
            await users.RevokeSessionsAsync(userId.Value, now, AccessTokenIssuer.RevocationInstant(now), "logout_all", auditEvent, ct);
            revocations.Forget(userId.Value);
        }
        else if (known is not null)
        {
            await refreshTokens.RevokeFamilyAsync(known.FamilyId, now, "logout", ct);
            await audit.WriteAsync(HttpContext, AuditActions.Logout, AuditActions.Success, userId, userId, new { family_id = known.FamilyId }, ct);
        }

        if (source.FromCookie || HttpContext.Request.Cookies.ContainsKey(AuthCookies.Access))
        {
            AuthCookies.Clear(HttpContext);
        }

        await Send.NoContentAsync(ct);
    }
}
