using Backend.Data.Ingest;

namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>Builds the outbox row of a job message (first dispatch and every retry; each gets its own message id).</summary>
internal static class JobMessages
{
    public static OutboxMessage Create(
        Guid jobId, Guid documentId, string content, JobConfig config, string priority, DateTimeOffset createdAt, int retryCount,
        string correlationId, DateTimeOffset availableAt) =>
        new(
            Guid.CreateVersion7(),
            JobMessage.MessageType,
            AiQueues.ForPriority(priority),
            AiQueues.Rank(priority),
            new JobMessage(jobId, documentId, content, config, priority, createdAt, retryCount).Serialize(),
            correlationId,
            jobId,
            retryCount,
            availableAt);

    /// <summary>The message of <paramref name="job"/>'s retry number <paramref name="retryCount"/>.</summary>
    public static OutboxMessage ForRetry(JobRow job, string content, int retryCount, DateTimeOffset availableAt) =>
        Create(job.Id, job.DocumentId, content, JobMessage.ReadConfig(job.Config), job.Priority,
            new DateTimeOffset(DateTime.SpecifyKind(job.CreatedAt, DateTimeKind.Utc)), retryCount, job.CorrelationId, availableAt);
}
