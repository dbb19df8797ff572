using RabbitMQ.Client;

namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// What the outbox relay and the event relay share: persistent JSON message properties, and publishing a claimed batch in
/// order on a confirming channel, stopping at the first message the broker did not confirm (later rows stay pending).
/// </summary>
internal static class ConfirmedPublisher
{
    /// <summary>The positions the broker confirmed, the one it did not (at most one) and why.</summary>
    public sealed record Outcome(List<long> Sent, List<long> Failed, Exception? Failure);

    /// <summary>
    /// Calls <paramref name="publish"/> for each row in order; on the first failure (other than this relay stopping) calls
    /// <paramref name="failed"/> and stops. <paramref name="publish"/> returns once the broker confirmed the message.
    /// </summary>
    public static async Task<Outcome> PublishInOrderAsync<TRow>(
        IReadOnlyList<TRow> rows, Func<TRow, long> position, Func<TRow, Task> publish, Action<TRow, Exception> failed, CancellationToken ct)
    {
        var outcome = new Outcome(new List<long>(rows.Count), [], null);
        foreach (var row in rows)
        {
            try
            {
                await publish(row);
                outcome.Sent.Add(position(row));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                outcome.Failed.Add(position(row));
                failed(row, exception);
                return outcome with { Failure = exception };
            }
        }

        return outcome;
    }

    /// <summary>Persistent, UTF-8 JSON, with the message id consumers deduplicate by and the time the message was written.</summary>
    public static BasicProperties Properties(Guid messageId, string? correlationId, string type, string appId, DateTime writtenAtUtc, Dictionary<string, object?> headers) => new()
    {
        MessageId = messageId.ToString(),
        CorrelationId = correlationId,
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        DeliveryMode = DeliveryModes.Persistent,
        Type = type,
        AppId = appId,
        Timestamp = new AmqpTimestamp(new DateTimeOffset(DateTime.SpecifyKind(writtenAtUtc, DateTimeKind.Utc)).ToUnixTimeSeconds()),
        Headers = headers,
    };
}
