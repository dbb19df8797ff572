using Backend.Api.Http;

namespace Backend.Api.Features.Admin;

internal static class AdminProblems
{
    public static Task UserNotFoundAsync(HttpContext context, Guid id) =>
        Problems.WriteAsync(context, Problems.Create(context, 404, $"No user with id {id}."));

    public static Task LastAdminAsync(HttpContext context) =>
        Problems.WriteAsync(context, Problems.Create(context, 409, "This is the last active admin; promote another admin first.", "last-admin", "Last active admin"));
}
