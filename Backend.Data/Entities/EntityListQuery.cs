namespace Backend.Data.Entities;

public enum EntitySort
{
    CreatedAt,
    Name,
    Confidence,
}

/// <summary>Filters and paging of an entity listing. Keyset paging when <see cref="After"/> is set, else offset.</summary>
public sealed record EntityListQuery(
    string? Type,
    string? SourceType,
    string? Search,
    double? ConfidenceMin,
    double? ConfidenceMax,
    string? MetadataContains,
    Guid? CreatedBy,
    bool IncludeDeleted,
    EntitySort Sort,
    bool Descending,
    bool RankBySearch,
    int Limit,
    int Offset,
    EntityKeyset? After,
    bool IncludeTotal);

/// <summary>The last row of the previous page: its sort value and id.</summary>
public sealed record EntityKeyset(string SortValue, Guid Id);

public sealed record EntityPage(IReadOnlyList<EntityRow> Items, bool HasMore, long? Total);
