namespace Backend.Data.Entities;

/// <summary>The writable fields of an entity (create, full replace, merged patch); <see cref="Metadata"/> is a JSON object.</summary>
public sealed record EntityValues(
    string Name,
    string Type,
    string? Description,
    double Confidence,
    string? Source,
    string SourceType,
    string Metadata);
