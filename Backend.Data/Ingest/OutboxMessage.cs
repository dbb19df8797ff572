namespace Backend.Data.Ingest;

/// <summary>
/// A message to write to the outbox with its change. <paramref name="Payload"/> is sent byte for byte;
/// <paramref name="Priority"/> orders the relay (0 high, 1 normal, 2 low); it is not relayed before <paramref name="AvailableAt"/>.
/// A job message names its job and the retry number it carries.
/// </summary>
public sealed record OutboxMessage(
    Guid MessageId,
    string MessageType,
    string RoutingKey,
    short Priority,
    string Payload,
    string CorrelationId,
    Guid? JobId,
    int? JobRetryCount,
    DateTimeOffset AvailableAt);
