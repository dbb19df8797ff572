using FastEndpoints;

namespace Backend.Api.Features.Relationships.List;

internal sealed class ListRelationshipsRequest
{
    [QueryParam, BindFrom("source_entity_id")]
    public Guid? SourceEntityId { get; init; }

    [QueryParam, BindFrom("target_entity_id")]
    public Guid? TargetEntityId { get; init; }

    [QueryParam, BindFrom("relationship_type")]
    public string? RelationshipType { get; init; }

    [QueryParam, BindFrom("confidence_min")]
    public double? ConfidenceMin { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    [QueryParam, BindFrom("offset")]
    public int? Offset { get; init; }

    [QueryParam, BindFrom("cursor")]
    public string? Cursor { get; init; }

    [QueryParam, BindFrom("include_total")]
    public bool? IncludeTotal { get; init; }
}
