using System.Security.Claims;
using Backend.Api.Http.Security;

namespace Backend.Api.Features.Ingestion;

/// <summary>Documents and jobs are visible to their owner and to moderators and admins; to anyone else they do not exist (404).</summary>
internal static class IngestionAccess
{
    public static bool CanSee(ClaimsPrincipal user, Guid ownerId) =>
        user.UserId() == ownerId || user.IsAtLeast(Roles.Moderator);
}
