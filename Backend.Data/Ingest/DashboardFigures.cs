namespace Backend.Data.Ingest;

/// <summary>
/// The dashboard's figures. Active entities and visible relationships (active, both entities active) are exact, from the
/// trigger-maintained counters of sql/0024. The document count is exact below <see cref="DashboardRepository.ExactCountLimit"/>
/// rows and the planner's estimate (pg_class.reltuples) above, flagged by <see cref="Estimated"/>; job counts are exact (trigger-maintained).
/// </summary>
public sealed record DashboardFigures(
    long Entities,
    long Relationships,
    long Documents,
    bool Estimated,
    DateTime? LastUpdated,
    IReadOnlyDictionary<string, long> JobsByStatus);
