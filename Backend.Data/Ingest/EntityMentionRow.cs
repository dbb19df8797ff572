namespace Backend.Data.Ingest;

/// <summary>A document that mentions an entity or relationship (MentionText is empty for relationships): provenance as the API lists it.</summary>
public sealed record EntityMentionRow(
    Guid DocumentId,
    Guid OwnerId,
    string? Title,
    string DocumentType,
    string? SourceUrl,
    Guid JobId,
    string MentionText,
    double Confidence,
    DateTime CreatedAt);
