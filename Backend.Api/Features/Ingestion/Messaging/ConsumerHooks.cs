namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// A seam for fault tests: runs after a message's transaction committed and before its ack, where a crash leaves the
/// message to be redelivered. Production registers it empty.
/// </summary>
internal sealed class ConsumerHooks
{
    public Func<string, CancellationToken, Task>? AfterCommitBeforeAck { get; init; }
}
