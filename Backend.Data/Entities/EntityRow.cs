namespace Backend.Data.Entities;

/// <summary>A row of backend_entities.entities; <see cref="Metadata"/> is the jsonb text.</summary>
public sealed record EntityRow(
    Guid Id,
    string Name,
    string Type,
    string? Description,
    double Confidence,
    string? Source,
    string SourceType,
    string Metadata,
    int Version,
    bool IsActive,
    Guid CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeletedAt,
    Guid? DeletedBy);
