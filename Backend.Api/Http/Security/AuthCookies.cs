using System.Security.Cryptography;
using System.Text;

namespace Backend.Api.Http.Security;

/// <summary>
/// Browser mode: httpOnly, Secure, SameSite=Strict cookies for the access and refresh tokens, plus a readable CSRF
/// cookie whose value (an HMAC of the session, see <see cref="CsrfTokens"/>) the front end echoes in <c>X-CSRF-Token</c>
/// on unsafe requests. Names carry the browser-enforced prefixes: <c>__Host-</c> (Secure, Path=/, no Domain, so no
/// subdomain can plant or overwrite it) for the access and CSRF cookies, <c>__Secure-</c> for the refresh cookie, whose
/// path is limited to the auth endpoints.
/// </summary>
internal static class AuthCookies
{
    public const string Access = "__Host-access_token";
    public const string Refresh = "__Secure-refresh_token";
    public const string Csrf = "__Host-csrf_token";
    public const string CsrfHeader = "X-CSRF-Token";
    public const string RefreshPath = "/api/v1/auth";

    /// <summary>HttpContext.Items key set when the request was authenticated by the access cookie.</summary>
    public const string AuthenticatedByCookie = "auth.cookie";

    public static void Write(HttpContext context, string accessToken, TimeSpan accessLifetime, string refreshToken, TimeSpan refreshLifetime, string csrfToken)
    {
        var cookies = context.Response.Cookies;
        cookies.Append(Access, accessToken, Options(httpOnly: true, "/", accessLifetime));
        cookies.Append(Refresh, refreshToken, Options(httpOnly: true, RefreshPath, refreshLifetime));
        cookies.Append(Csrf, csrfToken, Options(httpOnly: false, "/", refreshLifetime));
    }

    public static void Clear(HttpContext context)
    {
        var cookies = context.Response.Cookies;
        cookies.Delete(Access, Options(httpOnly: true, "/", null));
        cookies.Delete(Refresh, Options(httpOnly: true, RefreshPath, null));
        cookies.Delete(Csrf, Options(httpOnly: false, "/", null));
    }

    /// <summary>True when <c>X-CSRF-Token</c> equals the CSRF cookie (double-submit); <see cref="CsrfTokens"/> also binds the value to the session.</summary>
    public static bool HasValidCsrfHeader(HttpContext context)
    {
        var cookie = context.Request.Cookies[Csrf];
        var header = context.Request.Headers[CsrfHeader].ToString();
        return !string.IsNullOrEmpty(cookie) && !string.IsNullOrEmpty(header)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), Encoding.UTF8.GetBytes(header));
    }

    public static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static CookieOptions Options(bool httpOnly, string path, TimeSpan? maxAge) => new()
    {
        HttpOnly = httpOnly,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = path,
        MaxAge = maxAge,
        IsEssential = true,
    };

    /// <summary>403 for a cookie-authenticated unsafe request without a matching <c>X-CSRF-Token</c> header.</summary>
    public static ApiProblem CsrfProblem(HttpContext context) =>
        Problems.Create(context, 403, $"Cookie-authenticated requests must send the {CsrfHeader} header equal to the {Csrf} cookie of this session.", "csrf", "CSRF token missing or invalid");
}
