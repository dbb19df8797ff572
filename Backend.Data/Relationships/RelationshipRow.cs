namespace Backend.Data.Relationships;

/// <summary>A row of backend_entities.entity_relationships; <see cref="Metadata"/> is the jsonb text.</summary>
public sealed record RelationshipRow(
    Guid Id,
    Guid SourceEntityId,
    Guid TargetEntityId,
    string RelationshipType,
    double Confidence,
    string? Evidence,
    string Metadata,
    int Version,
    bool IsActive,
    Guid CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeletedAt,
    Guid? DeletedBy);
