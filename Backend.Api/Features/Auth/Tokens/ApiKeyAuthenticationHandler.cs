using System.Security.Claims;
using System.Text.Encodings.Web;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Backend.Api.Features.Auth.Tokens;

/// <summary>
/// Authenticates <c>Authorization: ApiKey &lt;key&gt;</c> or <c>X-API-Key: &lt;key&gt;</c>. The key is a principal of its
/// own: <c>sub</c> is the key's id (its service account in backend_auth.users, so created_by columns keep real foreign
/// keys and owner checks see the key, not its creator), and its role is the key's role capped, on every request, at the
/// creator's current role. It carries <c>api_key_id</c>/<c>api_key_name</c> for logs and audit. Unknown, revoked or
/// expired keys, and keys whose creator is deactivated, fail with 401.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyRepository keys,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ApiKeys.FromRequest(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var credential = ApiKeys.IsWellFormed(key) ? await keys.FindCredentialAsync(ApiKeys.Hash(key), Context.RequestAborted) : null;
        var now = time.GetUtcNow();
        var failure = credential switch
        {
            null => "unknown",
            { RevokedAt: not null } => "revoked",
            { ExpiresAt: { } expires } when new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) <= now => "expired",
            { OwnerIsActive: false } => "owner_inactive",
            _ => null,
        };
        if (failure is not null)
        {
            Logger.LogInformation("API key rejected: {Reason} (key {ApiKeyName})", failure, credential?.Name);
            return AuthenticateResult.Fail("The API key is " + failure + ".");
        }

        if (credential!.LastUsedAt is not { } lastUsed || now - new DateTimeOffset(DateTime.SpecifyKind(lastUsed, DateTimeKind.Utc)) >= TimeSpan.FromMinutes(1))
        {
            await keys.TouchAsync(credential.Id, now, Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(JwtClaims.Subject, credential.Id.ToString()),
                new Claim(JwtClaims.Role, Roles.Rank(credential.Role) <= Roles.Rank(credential.OwnerRole) ? credential.Role : credential.OwnerRole),
                new Claim(ApiKeys.IdClaim, credential.Id.ToString()),
                new Claim(ApiKeys.NameClaim, credential.Name),
            ],
            ApiKeys.Scheme,
            JwtClaims.Subject,
            JwtClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeys.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = ApiKeys.Scheme;
        return Problems.WriteAsync(Context, Problems.Create(Context, 401, "The API key is invalid, revoked or expired.", "invalid-api-key", "Invalid API key"));
    }
}
