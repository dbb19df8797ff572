namespace Backend.Api.Http.Security;

internal static class JwtClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string IssuedAt = "iat";
    public const string TokenId = "jti";

    /// <summary>The session (refresh-token family) the access token belongs to; binds the CSRF value.</summary>
    public const string SessionId = "sid";
}
