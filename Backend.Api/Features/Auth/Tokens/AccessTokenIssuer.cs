using Backend.Api.Http.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Api.Features.Auth.Tokens;

/// <summary>Signs access tokens with exactly <c>sub role iss aud iat exp jti sid</c> (sid: the session, i.e. the refresh-token family).</summary>
internal sealed class AccessTokenIssuer(AuthSettings settings, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public AccessToken Issue(Guid userId, string role, DateTime tokensValidAfter, Guid sessionId)
    {
        var now = time.GetUtcNow();
        // iat has whole-second precision and tokens_valid_after is kept on whole seconds: a revocation moves it past
        // every iat handed out so far (at least the next second), and a token issued right after takes that second as
        // its iat, so it stays valid while every earlier one is refused.
        var validAfter = new DateTimeOffset(DateTime.SpecifyKind(tokensValidAfter, DateTimeKind.Utc));
        var validAfterSeconds = (long)Math.Ceiling(validAfter.ToUnixTimeMilliseconds() / 1000.0);
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Max(now.ToUnixTimeSeconds(), validAfterSeconds));
        var expires = issuedAt + settings.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = settings.Keys.SigningCredentials,
            Claims = new Dictionary<string, object>
            {
                [JwtClaims.Subject] = userId.ToString(),
                [JwtClaims.Role] = role,
                [JwtClaims.TokenId] = Guid.CreateVersion7().ToString(),
                [JwtClaims.SessionId] = sessionId.ToString(),
            },
        });
        return new AccessToken(token, (int)Math.Round((expires - now).TotalSeconds));
    }

    /// <summary>The earliest instant that revokes every token issued up to now: the start of the next whole second (the database adds more when needed).</summary>
    public static DateTimeOffset RevocationInstant(DateTimeOffset now) => DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 1);
}
