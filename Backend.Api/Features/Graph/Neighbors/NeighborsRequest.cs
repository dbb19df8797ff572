using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Graph.Neighbors;

internal sealed class NeighborsRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    [QueryParam, BindFrom("depth")]
    public int? Depth { get; init; }

    [QueryParam, BindFrom("direction")]
    public RelationshipDirection? Direction { get; init; }

    [QueryParam, BindFrom("relationship_type")]
    public string? RelationshipType { get; init; }

    /// <summary>The most nodes to return (1–500, default 100), the start included.</summary>
    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }
}
