using System.Security.Claims;
using Backend.Api.Http.Security;

namespace Backend.Api.Features.Entities;

/// <summary>Users change and delete what they created; moderators and admins change and delete anything.</summary>
internal static class EntityAccess
{
    public static bool CanModify(ClaimsPrincipal user, Guid createdBy) =>
        user.UserId() == createdBy || user.IsAtLeast(Roles.Moderator);
}
