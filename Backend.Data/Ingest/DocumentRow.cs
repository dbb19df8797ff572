namespace Backend.Data.Ingest;

/// <summary>A document without its content, with the summary of its job (status, id).</summary>
public sealed record DocumentRow(
    Guid Id,
    Guid OwnerId,
    string? Title,
    string DocumentType,
    string? SourceUrl,
    int ContentBytes,
    DateTime CreatedAt,
    Guid JobId,
    string JobStatus);
