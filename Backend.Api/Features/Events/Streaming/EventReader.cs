using System.Globalization;
using System.Security.Claims;
using Backend.Api.Http.Security;
using Backend.Data.Events;

namespace Backend.Api.Features.Events.Streaming;

/// <summary>
/// Who reads a stream, as authenticated when it opened: the user (or the admin an API key acts for), the role, and the
/// credential to re-check while connected (the access token's issue time, or the API key).
/// </summary>
internal sealed record EventReader(Guid UserId, string Role, DateTimeOffset? TokenIssuedAt, Guid? ApiKeyId)
{
    /// <summary>Connection limits count per API key for keys, else per user.</summary>
    public Guid LimitKey => ApiKeyId ?? UserId;

    /// <summary>Everyone at or above the event's audience role may read it, and the user it belongs to.</summary>
    public bool CanSee(EventRow row) => Roles.Rank(Role) >= Roles.Rank(row.Audience) || row.OwnerId == UserId;

    public static EventReader? From(ClaimsPrincipal principal)
    {
        if (principal.UserId() is not { } userId || principal.Role() is not { } role || Roles.Rank(role) < 0)
        {
            return null;
        }

        if (principal.ApiKeyId() is { } apiKeyId)
        {
            return new EventReader(userId, role, null, apiKeyId);
        }

        return long.TryParse(principal.FindFirstValue(JwtClaims.IssuedAt), NumberStyles.Integer, CultureInfo.InvariantCulture, out var iat)
            ? new EventReader(userId, role, DateTimeOffset.FromUnixTimeSeconds(iat), null)
            : null;
    }
}
