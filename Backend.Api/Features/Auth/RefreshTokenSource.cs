using Backend.Api.Http.Security;

namespace Backend.Api.Features.Auth;

/// <summary>
/// Where a refresh token comes from: the body, or the browser-mode cookie. A cookie is sent by the browser on its
/// own, so using it requires the CSRF header, checked against the token's session (<see cref="CsrfTokens"/>).
/// </summary>
internal sealed record RefreshTokenSource(string? Token, bool FromCookie)
{
    public static RefreshTokenSource From(HttpContext context, string? bodyToken)
    {
        if (!string.IsNullOrEmpty(bodyToken))
        {
            return new RefreshTokenSource(bodyToken, false);
        }

        var cookie = context.Request.Cookies[AuthCookies.Refresh];
        return string.IsNullOrEmpty(cookie) ? new RefreshTokenSource(null, false) : new RefreshTokenSource(cookie, true);
    }
}
