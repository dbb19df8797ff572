using Backend.Data.Postgres;
using RabbitMQ.Client;

namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// What the outbox relay and the event relay share: persistent JSON message properties, and publishing a claimed batch in
/// order on a confirming channel, stopping at the first message the broker did not confirm (later rows stay pending).
/// </summary>
internal static class ConfirmedPublisher
{
    /// <summary>
    /// Publishes a claimed batch in order: calls <paramref name="publish"/> for each row (it returns once the broker
    /// confirmed the message); on the first failure (other than this relay stopping) calls <paramref name="failed"/> and
    /// stops. Then records what the broker confirmed and the failed row in the batch's table and commits — also when
    /// stopping, as confirmed rows must not be sent again.
    /// </summary>
    /// <returns>How many rows the broker confirmed.</returns>
    /// <exception cref="InvalidOperationException">A row was not confirmed (its error is recorded; later rows stay pending).</exception>
    public static async Task<int> RelayAsync<TRow>(
        ClaimedBatch<TRow> batch, Func<TRow, long> position, Func<TRow, Task> publish, Action<TRow, Exception> failed, TimeProvider time, CancellationToken ct)
    {
        var sent = new List<long>(batch.Rows.Count);
        var notSent = new List<long>(1);
        Exception? failure = null;
        foreach (var row in batch.Rows)
        {
            try
            {
                await publish(row);
                sent.Add(position(row));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                notSent.Add(position(row));
                failed(row, exception);
                failure = exception;
                break;
            }
        }

        await batch.CompleteAsync(sent, notSent, failure?.Message, time.GetUtcNow(), CancellationToken.None);
        if (failure is not null)
        {
            // No inner exception: a broker socket error must not look like a database outage to the caller.
            throw new InvalidOperationException("Publishing failed: " + failure.Message);
        }

        return sent.Count;
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
