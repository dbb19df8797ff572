using Backend.Api.Features.Graph;
using Backend.Data.Ingest;

namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>Turns one ai.results / ai.errors message into its database change (one transaction) and says what happened.</summary>
internal sealed class AiMessageHandler(
    IngestionSettings settings,
    GraphSettings graph,
    JobRepository jobs,
    DocumentRepository documents,
    ExtractionRepository extraction,
    TimeProvider time,
    ILogger<AiMessageHandler> logger)
{
    public async Task<HandledMessage> HandleResultAsync(byte[] body, bool redelivered, CancellationToken ct)
    {
        var (result, rejected) = AiMessageParser.ParseResult(body, graph.EntityTypes, graph.RelationshipTypes);
        if (rejected is not null)
        {
            var job = rejected.JobId is { } id ? await jobs.GetAsync(id, ct) : null;
            if (job is not null && await jobs.MarkDeadAsync(job.Id, "result refused: " + rejected.Reason, time.GetUtcNow(), ct))
            {
                using var scope = Scope(job);
                logger.LogWarning("Job {JobId} is dead: its result was refused ({Reason})", job.Id, rejected.Reason);
            }

            return new HandledMessage("dead_lettered", rejected.JobId, job?.CorrelationId, "malformed result: " + rejected.Reason, "malformed");
        }

        var current = await jobs.GetAsync(result!.JobId, ct);
        if (current is null)
        {
            return new HandledMessage("dead_lettered", result.JobId, null, $"unknown job {result.JobId}", "unknown_job");
        }

        using (Scope(current))
        {
            var now = time.GetUtcNow();
            var outcome = await extraction.ApplyResultAsync(result, now, ct);
            if (outcome.Status == ExtractionStatus.Duplicate)
            {
                logger.LogInformation("Result of job {JobId} already applied; redelivery ignored (redelivered {Redelivered})", current.Id, redelivered);
                return new HandledMessage("duplicate", current.Id, current.CorrelationId);
            }

            if (outcome.Status == ExtractionStatus.UnknownJob)
            {
                return new HandledMessage("dead_lettered", result.JobId, null, $"unknown job {result.JobId}", "unknown_job");
            }

            IngestionMetrics.EntitiesUpserted.WithLabels("created").Inc(outcome.EntitiesCreated);
            IngestionMetrics.EntitiesUpserted.WithLabels("merged").Inc(Math.Max(0, outcome.EntitiesMerged));
            IngestionMetrics.JobDuration.Observe(Math.Max(0, (now.UtcDateTime - DateTime.SpecifyKind(current.CreatedAt, DateTimeKind.Utc)).TotalSeconds));
            logger.LogInformation(
                "Applied the result of job {JobId}: {EntitiesCreated} entities created, {EntitiesMerged} merged, {Relationships} relationships",
                current.Id, outcome.EntitiesCreated, outcome.EntitiesMerged, outcome.RelationshipsLinked);
            return new HandledMessage("applied", current.Id, current.CorrelationId);
        }
    }

    public async Task<HandledMessage> HandleErrorAsync(byte[] body, bool redelivered, CancellationToken ct)
    {
        var (error, rejected) = AiMessageParser.ParseError(body);
        if (rejected is not null)
        {
            return new HandledMessage("dead_lettered", rejected.JobId, null, "malformed error: " + rejected.Reason, "malformed");
        }

        var job = await jobs.GetAsync(error!.JobId, ct);
        if (job is null)
        {
            return new HandledMessage("dead_lettered", error.JobId, null, $"unknown job {error.JobId}", "unknown_job");
        }

        using var scope = Scope(job);
        var now = time.GetUtcNow();
        OutboxMessage? retry = null;
        if (error.RetryCount < job.MaxRetries && job.RetryCount == error.RetryCount)
        {
            var content = await documents.GetContentAsync(job.DocumentId, ct) ?? string.Empty;
            var delay = RetryBackoff.Delay(error.RetryCount, settings.RetryBaseDelay, settings.RetryMaxDelay);
            retry = JobMessages.ForRetry(job, content, error.RetryCount + 1, now + delay);
        }

        var outcome = await jobs.RecordErrorAsync(job.Id, error.RetryCount, error.Error, retry, now, ct);
        switch (outcome)
        {
            case JobErrorOutcome.RetryScheduled:
                logger.LogWarning("Job {JobId} failed ({Error}); retry {Retry} of {MaxRetries} at {NextAttemptAt}",
                    job.Id, error.Error, error.RetryCount + 1, job.MaxRetries, retry!.AvailableAt);
                return new HandledMessage("retry_scheduled", job.Id, job.CorrelationId);
            case JobErrorOutcome.Dead:
                logger.LogError("Job {JobId} is dead after {Attempts} attempts: {Error}", job.Id, error.RetryCount + 1, error.Error);
                return new HandledMessage("dead", job.Id, job.CorrelationId);
            case JobErrorOutcome.UnknownJob:
                return new HandledMessage("dead_lettered", error.JobId, null, $"unknown job {error.JobId}", "unknown_job");
            default:
                logger.LogInformation("Error for job {JobId} retry {Retry} already handled; ignored (redelivered {Redelivered})", job.Id, error.RetryCount, redelivered);
                return new HandledMessage("duplicate", job.Id, job.CorrelationId);
        }
    }

    private IDisposable? Scope(JobRow job) =>
        logger.BeginScope(new Dictionary<string, object?> { ["JobId"] = job.Id, ["CorrelationId"] = job.CorrelationId });
}
