namespace Backend.Data.Relationships;

/// <summary>The fields of a new relationship; <see cref="Metadata"/> is a JSON object.</summary>
public sealed record RelationshipValues(
    Guid SourceEntityId,
    Guid TargetEntityId,
    string RelationshipType,
    double Confidence,
    string? Evidence,
    string Metadata);
