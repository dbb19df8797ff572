namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>A message that does not match the contract; <paramref name="Reason"/> goes to the log and the dead-letter header.</summary>
internal sealed record MessageRejected(string Reason, Guid? JobId);
