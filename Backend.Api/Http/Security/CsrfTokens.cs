using System.Security.Cryptography;
using System.Text;

namespace Backend.Api.Http.Security;

/// <summary>
/// The browser-mode CSRF value is not chosen by the client: it is an HMAC of the session id (the refresh-token family,
/// carried by access tokens as <c>sid</c>), so a value planted by another site or subdomain never matches, and it dies
/// with its session. Requests must echo it in <c>X-CSRF-Token</c> and the CSRF cookie must hold the same value.
/// </summary>
internal sealed class CsrfTokens(byte[] key)
{
    public string For(Guid sessionId) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("csrf:" + sessionId.ToString("N"))))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True when the header equals the cookie and both are this session's value.</summary>
    public bool IsValid(HttpContext context, Guid? sessionId)
    {
        if (sessionId is null || !AuthCookies.HasValidCsrfHeader(context))
        {
            return false;
        }

        var header = context.Request.Headers[AuthCookies.CsrfHeader].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(For(sessionId.Value)));
    }
}
