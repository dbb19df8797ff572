using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.ListForEntity;

internal sealed class ListEntityRelationshipsRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    [QueryParam, BindFrom("direction")]
    public RelationshipDirection? Direction { get; init; }

    [QueryParam, BindFrom("relationship_type")]
    public string? RelationshipType { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    [QueryParam, BindFrom("offset")]
    public int? Offset { get; init; }

    [QueryParam, BindFrom("cursor")]
    public string? Cursor { get; init; }

    [QueryParam, BindFrom("include_total")]
    public bool? IncludeTotal { get; init; }
}
