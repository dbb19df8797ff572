namespace Backend.Data.Relationships;

public enum RelationshipDirection
{
    Outgoing,
    Incoming,
    Both,
}

/// <summary>
/// Filters of a relationship listing. <see cref="EntityId"/> with <see cref="Direction"/> lists one entity's
/// relationships. Keyset paging on (created_at, id) when <see cref="AfterCreatedAt"/> is set, else offset.
/// </summary>
public sealed record RelationshipListQuery(
    Guid? SourceEntityId,
    Guid? TargetEntityId,
    Guid? EntityId,
    RelationshipDirection Direction,
    string? RelationshipType,
    double? ConfidenceMin,
    int Limit,
    int Offset,
    DateTime? AfterCreatedAt,
    Guid? AfterId,
    bool IncludeTotal);

public sealed record RelationshipPage(IReadOnlyList<RelationshipRow> Items, bool HasMore, long? Total);
