using System.Text.Json;
using Backend.Data.Relationships;

namespace Backend.Api.Features.Relationships;

internal sealed record RelationshipResponse(
    Guid Id,
    Guid SourceEntityId,
    Guid TargetEntityId,
    string RelationshipType,
    double Confidence,
    string? Evidence,
    JsonElement Metadata,
    int Version,
    bool IsActive,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static RelationshipResponse From(RelationshipRow row) => new(
        row.Id,
        row.SourceEntityId,
        row.TargetEntityId,
        row.RelationshipType,
        row.Confidence,
        row.Evidence,
        JsonDocument.Parse(row.Metadata).RootElement.Clone(),
        row.Version,
        row.IsActive,
        row.CreatedBy,
        new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(row.UpdatedAt, DateTimeKind.Utc)));
}
