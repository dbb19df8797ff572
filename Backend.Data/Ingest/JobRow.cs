namespace Backend.Data.Ingest;

/// <summary>A row of backend_ingest.jobs; <see cref="Config"/> is the jsonb text.</summary>
public sealed record JobRow(
    Guid Id,
    Guid DocumentId,
    Guid OwnerId,
    string Status,
    string Priority,
    string Config,
    string CorrelationId,
    int RetryCount,
    int MaxRetries,
    int Attempts,
    string? LastError,
    int? EntitiesExtracted,
    int? RelationshipsFound,
    double? ProcessingSeconds,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DispatchedAt,
    DateTime? CompletedAt,
    DateTime? FailedAt,
    DateTime? NextAttemptAt)
{
    public const string Queued = "queued";
    public const string Dispatched = "dispatched";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Dead = "dead";

    public static IReadOnlyList<string> Statuses { get; } = [Queued, Dispatched, Completed, Failed, Dead];
}
