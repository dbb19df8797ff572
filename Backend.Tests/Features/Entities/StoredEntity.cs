namespace Backend.Tests.Features.Entities;

/// <summary>An entity row read straight from backend_entities.entities.</summary>
internal sealed record StoredEntity(
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
    DateTime? DeletedAt,
    Guid? DeletedBy);
