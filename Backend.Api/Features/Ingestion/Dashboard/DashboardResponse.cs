namespace Backend.Api.Features.Ingestion.Dashboard;

/// <summary>
/// The front end's dashboard. Counts of entities, relationships and documents are exact below 100,000 rows and the
/// planner's estimate above (<see cref="CountsEstimated"/> says which); processing_status is exact (trigger-maintained).
/// </summary>
internal sealed record DashboardResponse(
    long EntitiesCount,
    long RelationshipsCount,
    long DocumentsCount,
    DateTimeOffset? LastUpdated,
    ProcessingStatus ProcessingStatus,
    bool CountsEstimated);

internal sealed record ProcessingStatus(long Queued, long Dispatched, long Completed, long Failed, long Dead);
