using System.Security.Claims;

namespace Backend.Api.Hosting.Auth;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The authenticated user's id (the <c>sub</c> claim), or null when anonymous.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirstValue(JwtClaims.Subject), out var id) ? id : null;

    /// <summary>The <c>role</c> claim, or null when anonymous.</summary>
    public static string? Role(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(JwtClaims.Role) : null;

    /// <summary>True when the caller's role is <paramref name="role"/> or above it (user &lt; moderator &lt; admin).</summary>
    public static bool IsAtLeast(this ClaimsPrincipal principal, string role) =>
        Roles.Rank(role) >= 0 && Roles.Rank(principal.Role()) >= Roles.Rank(role);
}
