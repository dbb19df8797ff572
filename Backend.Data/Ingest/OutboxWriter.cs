using Dapper;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>Writes outbox rows inside the caller's transaction, so a change and its message commit together.</summary>
internal static class OutboxWriter
{
    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxMessage message, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_ingest.outbox (message_id, message_type, routing_key, priority, payload, correlation_id, job_id, job_retry_count, created_at, available_at)
            VALUES (@MessageId, @MessageType, @RoutingKey, @Priority, @Payload, @CorrelationId, @JobId, @JobRetryCount, @Now, @AvailableAt)
            """,
            new { message.MessageId, message.MessageType, message.RoutingKey, message.Priority, message.Payload, message.CorrelationId, message.JobId, message.JobRetryCount, Now = now, message.AvailableAt },
            transaction,
            cancellationToken: ct));
}
