namespace Backend.Data.Ingest;

internal static class JobColumns
{
    public const string List = """
        j.id AS Id, j.document_id AS DocumentId, j.owner_id AS OwnerId, j.status AS Status, j.priority AS Priority,
        j.config::text AS Config, j.correlation_id AS CorrelationId, j.retry_count AS RetryCount, j.max_retries AS MaxRetries,
        j.attempts AS Attempts, j.last_error AS LastError, j.entities_extracted AS EntitiesExtracted,
        j.relationships_found AS RelationshipsFound, j.processing_seconds AS ProcessingSeconds, j.created_at AS CreatedAt,
        j.updated_at AS UpdatedAt, j.dispatched_at AS DispatchedAt, j.completed_at AS CompletedAt, j.failed_at AS FailedAt,
        j.next_attempt_at AS NextAttemptAt
        """;
}
