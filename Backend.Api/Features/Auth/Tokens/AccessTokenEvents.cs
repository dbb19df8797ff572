using Backend.Api.Http.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Api.Features.Auth.Tokens;

/// <summary>
/// JwtBearer events of the access-token scheme: the token may come from the access cookie, and every claim is checked
/// against the user's current state (revocation instant and role) through <see cref="TokenRevocationCache"/>. A token
/// that passed the full validation once is answered from <see cref="ValidatedTokenCache"/> (no parsing or signature
/// check) until it expires, but its revocation check still runs on every request.
/// </summary>
internal sealed class AccessTokenEvents(TokenRevocationCache revocations, ValidatedTokenCache validated, AuthSettings settings, TimeProvider time) : JwtBearerEvents
{
    private const string BearerPrefix = "Bearer ";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        ReadOnlySpan<char> token;
        if (authorization.Length == 0)
        {
            if (context.Request.Cookies[AuthCookies.Access] is not { Length: > 0 } cookie)
            {
                return Task.CompletedTask;
            }

            context.Token = cookie;
            context.HttpContext.Items[AuthCookies.AuthenticatedByCookie] = false;
            token = cookie;
        }
        else if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // The same token JwtBearerHandler would take from the header.
            token = authorization.AsSpan(BearerPrefix.Length).Trim();
        }
        else
        {
            return Task.CompletedTask;
        }

        return validated.TryGet(token, out var known) ? AcceptKnownAsync(context, known) : Task.CompletedTask;
    }

    /// <summary>A token validated before: only the revocation check, then the principal built the first time.</summary>
    private async Task AcceptKnownAsync(MessageReceivedContext context, ValidatedToken token)
    {
        if (!await revocations.IsCurrentAsync(token.UserId, token.IssuedAt, token.Role, context.HttpContext.RequestAborted))
        {
            context.Fail("The token was revoked.");
            return;
        }

        MarkCookieAuthenticated(context.HttpContext);
        context.Principal = token.Principal;
        context.Success();
    }

    private static void MarkCookieAuthenticated(HttpContext context)
    {
        if (context.Items.ContainsKey(AuthCookies.AuthenticatedByCookie))
        {
            context.Items[AuthCookies.AuthenticatedByCookie] = true;
        }
    }

    public static TokenValidationParameters ValidationParameters(AuthSettings settings, TimeProvider time) => new()
    {
        ValidIssuer = settings.Issuer,
        ValidAudience = settings.Audience,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        IssuerSigningKeys = settings.Keys.ValidationKeys,
        ValidAlgorithms = [settings.Keys.Algorithm],
        ClockSkew = settings.ClockSkew,
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } exp && exp > now - parameters.ClockSkew && (notBefore is not { } nbf || nbf <= now + parameters.ClockSkew);
        },
        NameClaimType = JwtClaims.Subject,
        RoleClaimType = JwtClaims.Role,
    };

    /// <summary>
    /// Every claim checked: sub is a uuid, role is known, iat and jti present, iat not in the future beyond the clock skew
    /// (such a token would outlive logout-all, which compares iat with tokens_valid_after), a lifetime (exp − iat) no
    /// longer than JWT_ACCESS_TTL, and the user's revocation instant respected.
    /// </summary>
    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var userId = principal.UserId();
        var role = principal.Role();
        if (userId is null || Roles.Rank(role) < 0 || context.SecurityToken is not JsonWebToken jwt
            || !jwt.TryGetPayloadValue<long>(JwtClaims.IssuedAt, out _) || string.IsNullOrEmpty(jwt.Id))
        {
            context.Fail("The token lacks a valid sub, role, iat or jti claim.");
            return;
        }

        if (jwt.IssuedAt > time.GetUtcNow().UtcDateTime + settings.ClockSkew || jwt.ValidTo - jwt.IssuedAt > settings.AccessTokenLifetime)
        {
            context.Fail("The token's iat lies in the future or its lifetime exceeds JWT_ACCESS_TTL.");
            return;
        }

        var issuedAt = new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero);
        if (!await revocations.IsCurrentAsync(userId.Value, issuedAt, role!, context.HttpContext.RequestAborted))
        {
            context.Fail("The token was revoked.");
            return;
        }

        validated.Remember(new ValidatedToken(jwt.EncodedToken, principal, userId.Value, role!, issuedAt, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)));
        MarkCookieAuthenticated(context.HttpContext);
    }
}
