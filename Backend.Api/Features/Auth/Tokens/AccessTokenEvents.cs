using Backend.Api.Http.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Api.Features.Auth.Tokens;

/// <summary>
/// JwtBearer events of the access-token scheme: the token may come from the access cookie, and every claim is checked
/// against the user's current state (revocation instant and role) through <see cref="TokenRevocationCache"/>.
/// </summary>
internal sealed class AccessTokenEvents(TokenRevocationCache revocations, AuthSettings settings, TimeProvider time) : JwtBearerEvents
{
    public override Task MessageReceived(MessageReceivedContext context)
    {
        if (string.IsNullOrEmpty(context.Request.Headers.Authorization) && context.Request.Cookies[AuthCookies.Access] is { Length: > 0 } cookie)
        {
            context.Token = cookie;
            context.HttpContext.Items[AuthCookies.AuthenticatedByCookie] = false;
        }

        return Task.CompletedTask;
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

        if (!await revocations.IsCurrentAsync(userId.Value, new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero), role!, context.HttpContext.RequestAborted))
        {
            context.Fail("The token was revoked.");
            return;
        }

        if (context.HttpContext.Items.ContainsKey(AuthCookies.AuthenticatedByCookie))
        {
            context.HttpContext.Items[AuthCookies.AuthenticatedByCookie] = true;
        }
    }
}
