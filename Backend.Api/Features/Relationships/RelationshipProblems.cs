using Backend.Api.Http;

namespace Backend.Api.Features.Relationships;

internal static class RelationshipProblems
{
    /// <summary>409: the partial unique index allows one active relationship per (source, target, type).</summary>
    public static ProblemResult Duplicate(HttpContext context) => ProblemResult.Of(context, 409,
        "An active relationship with this source, target and type already exists.", "duplicate-relationship", "Duplicate relationship");
}
