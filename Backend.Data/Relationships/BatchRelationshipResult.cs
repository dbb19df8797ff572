namespace Backend.Data.Relationships;

/// <summary>
/// A batch either wrote every relationship (<see cref="Rows"/>; skipped duplicates are counted) or nothing:
/// then <see cref="MissingEndpoints"/> (422) or <see cref="Duplicates"/> (409) name the failing items by index.
/// </summary>
public sealed record BatchRelationshipResult(
    IReadOnlyList<RelationshipRow> Rows,
    int Skipped,
    IReadOnlyList<(int Index, string Reason)> MissingEndpoints,
    IReadOnlyList<(int Index, string Reason)> Duplicates);
