namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// What handling a message did: <paramref name="Outcome"/> is the metric label; a <paramref name="DeadLetterReason"/>
/// sends the message to the dead-letter queue (of <paramref name="ReasonKind"/> malformed or unknown_job).
/// </summary>
internal sealed record HandledMessage(string Outcome, Guid? JobId, string? CorrelationId, string? DeadLetterReason = null, string? ReasonKind = null);
