using Backend.Api.Http;

namespace Backend.Api.Features.Admin;

/// <summary>The admin slice's problems, as values the endpoints send.</summary>
internal static class AdminProblems
{
    public static ApiProblem UserNotFound(HttpContext context, Guid id) => Problems.Create(context, 404, $"No user with id {id}.");

    public static ApiProblem LastAdmin(HttpContext context) =>
        Problems.Create(context, 409, "This is the last active admin; promote another admin first.", "last-admin", "Last active admin");
}
