using System.Security.Cryptography;
using System.Text;

namespace Backend.Api.Http.Security;

/// <summary>
/// Browser mode: httpOnly, Secure, SameSite=Strict cookies for the access and refresh tokens, plus a readable CSRF
/// cookie whose value the front end echoes in <c>X-CSRF-Token</c> on unsafe requests.
/// </summary>
internal static class AuthCookies
{
    public const string Access = "access_token";
    public const string Refresh = "refresh_token";
    public const string Csrf = "csrf_token";
    public const string CsrfHeader = "X-CSRF-Token";
    public const string RefreshPath = "/api/v1/auth";

    /// <summary>HttpContext.Items key set when the request was authenticated by the access cookie.</summary>
    public const string AuthenticatedByCookie = "auth.cookie";

    public static void Write(HttpContext context, string accessToken, TimeSpan accessLifetime, string refreshToken, TimeSpan refreshLifetime)
    {
        var cookies = context.Response.Cookies;
        cookies.Append(Access, accessToken, Options(httpOnly: true, "/", accessLifetime));
        cookies.Append(Refresh, refreshToken, Options(httpOnly: true, RefreshPath, refreshLifetime));
        cookies.Append(Csrf, OpaqueToken.Create(), Options(httpOnly: false, "/", refreshLifetime));
    }

    public static void Clear(HttpContext context)
    {
        var cookies = context.Response.Cookies;
        cookies.Delete(Access, Options(httpOnly: true, "/", null));
        cookies.Delete(Refresh, Options(httpOnly: true, RefreshPath, null));
        cookies.Delete(Csrf, Options(httpOnly: false, "/", null));
    }

    /// <summary>True when <c>X-CSRF-Token</c> equals the CSRF cookie (double-submit).</summary>
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
        Problems.Create(context, 403, $"Cookie-authenticated requests must send the {CsrfHeader} header equal to the {Csrf} cookie.", "csrf", "CSRF token missing or invalid");
}
