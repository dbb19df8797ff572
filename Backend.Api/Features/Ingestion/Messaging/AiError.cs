namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>An <c>ai.errors</c> message: <c>{job_id, status: "failed", error, retry_count, failed_at}</c>.</summary>
internal sealed record AiError(Guid JobId, string Error, int RetryCount);
