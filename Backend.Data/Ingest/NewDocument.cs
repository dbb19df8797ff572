namespace Backend.Data.Ingest;

/// <summary>A document to store; <paramref name="ContentBytes"/> is the UTF-8 length of <paramref name="Content"/>.</summary>
public sealed record NewDocument(Guid Id, Guid OwnerId, string? Title, string DocumentType, string? SourceUrl, string Content, int ContentBytes);
