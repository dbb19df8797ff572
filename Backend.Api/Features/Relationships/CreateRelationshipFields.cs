using System.Text.Json;
using Backend.Api.Features.Entities;
using Backend.Data.Relationships;

namespace Backend.Api.Features.Relationships;

/// <summary>The fields of a new relationship (single create, nested create, batch item).</summary>
internal class CreateRelationshipFields
{
    public Guid? SourceEntityId { get; init; }

    public Guid? TargetEntityId { get; init; }

    public string? RelationshipType { get; init; }

    public double? Confidence { get; init; }

    public string? Evidence { get; init; }

    public JsonElement? Metadata { get; init; }

    public RelationshipValues ToValues(Guid? sourceOverride = null) => new(
        sourceOverride ?? SourceEntityId!.Value,
        TargetEntityId!.Value,
        RelationshipType!,
        Confidence ?? 1.0,
        Evidence,
        MetadataRules.Serialize(Metadata));
}
