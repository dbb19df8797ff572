namespace Backend.Data.Ingest;

/// <summary>A document that mentions an entity: provenance as the API lists it.</summary>
public sealed record EntityMentionRow(
    Guid DocumentId,
    string? Title,
    string DocumentType,
    string? SourceUrl,
    Guid JobId,
    string MentionText,
    double Confidence,
    DateTime CreatedAt);
