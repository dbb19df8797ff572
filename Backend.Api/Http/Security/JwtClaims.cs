namespace Backend.Api.Http.Security;

internal static class JwtClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string IssuedAt = "iat";
    public const string TokenId = "jti";
}
