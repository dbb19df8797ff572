using Backend.Api.Features.Auth.Tokens;
using Backend.Api.Http.Security;
using Backend.Data.Auth;

namespace Backend.Api.Features.Auth;

/// <summary>Hands out an access token plus a refresh token, in the body or (browser mode) in cookies.</summary>
internal sealed class SessionIssuer(AccessTokenIssuer accessTokens, RefreshTokenRepository refreshTokens, CsrfTokens csrf, AuthSettings settings, TimeProvider time)
{
    /// <summary>A new login: the first refresh token of a new family.</summary>
    public async Task<TokenResponse> StartAsync(HttpContext context, UserRow user, bool useCookies, CancellationToken ct)
    {
        var (refreshToken, row) = NewRefreshToken(context);
        await refreshTokens.IssueAsync(user.Id, row, ct);
        return Respond(context, user, refreshToken, row.Id, useCookies);
    }

    /// <summary>A refresh token to store (hash only) and the token itself for the client.</summary>
    public (string Token, NewRefreshToken Row) NewRefreshToken(HttpContext context)
    {
        var token = OpaqueToken.Create();
        var now = time.GetUtcNow();
        var client = ClientInfo.From(context);
        return (token, new NewRefreshToken(Guid.CreateVersion7(), OpaqueToken.Hash(token), now, now + settings.RefreshTokenLifetime, client.Ip, client.UserAgent));
    }

    /// <summary>Tokens for the session <paramref name="familyId"/> (a new login's first refresh token id, or the rotated token's family).</summary>
    public TokenResponse Respond(HttpContext context, UserRow user, string refreshToken, Guid familyId, bool useCookies)
    {
        var access = accessTokens.Issue(user.Id, user.Role, user.TokensValidAfter, familyId);
        if (!useCookies)
        {
            return new TokenResponse(access.Token, "bearer", access.ExpiresIn, refreshToken, UserResponse.From(user));
        }

        AuthCookies.Write(context, access.Token, settings.AccessTokenLifetime, refreshToken, settings.RefreshTokenLifetime, csrf.For(familyId));
        return new TokenResponse(null, "cookie", access.ExpiresIn, null, UserResponse.From(user));
    }
}
