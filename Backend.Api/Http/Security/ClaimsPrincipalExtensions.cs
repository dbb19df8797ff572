using System.Security.Claims;

namespace Backend.Api.Http.Security;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The authenticated user's id (the <c>sub</c> claim), or null when anonymous.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirstValue(JwtClaims.Subject), out var id) ? id : null;

    /// <summary>The session (refresh-token family) of the access token, or null.</summary>
    public static Guid? SessionId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirstValue(JwtClaims.SessionId), out var id) ? id : null;

    /// <summary>The <c>role</c> claim, or null when anonymous.</summary>
    public static string? Role(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(JwtClaims.Role) : null;

    /// <summary>True when the caller's role is <paramref name="role"/> or above it (user &lt; moderator &lt; admin).</summary>
    public static bool IsAtLeast(this ClaimsPrincipal principal, string role) =>
        Roles.Rank(role) >= 0 && Roles.Rank(principal.Role()) >= Roles.Rank(role);

    /// <summary>The API key's id when the caller authenticated with an API key, else null.</summary>
    public static Guid? ApiKeyId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirstValue(ApiKeys.IdClaim), out var id) ? id : null;

    /// <summary>The API key's name when the caller authenticated with an API key, else null.</summary>
    public static string? ApiKeyName(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ApiKeys.NameClaim) : null;
}
