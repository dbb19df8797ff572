namespace Backend.Data.Ingest;

/// <summary>Filters and keyset page of a document listing, newest first; <paramref name="OwnerId"/> null lists everyone's.</summary>
public sealed record DocumentListQuery(
    Guid? OwnerId,
    string? Status,
    string? DocumentType,
    DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore,
    int Limit,
    DocumentKeyset? After);

/// <summary>The last row of the previous page.</summary>
public sealed record DocumentKeyset(DateTime CreatedAt, Guid Id);

public sealed record DocumentPage(IReadOnlyList<DocumentRow> Items, bool HasMore);
