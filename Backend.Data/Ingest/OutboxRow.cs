namespace Backend.Data.Ingest;

/// <summary>A pending outbox row claimed by a relay.</summary>
public sealed record OutboxRow(
    long Position,
    Guid MessageId,
    string MessageType,
    string Exchange,
    string RoutingKey,
    short Priority,
    string Payload,
    string CorrelationId,
    Guid? JobId,
    DateTime CreatedAt,
    int Attempts);
