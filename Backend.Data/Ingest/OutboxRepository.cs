using Dapper;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>The relay's side of the outbox: claim pending rows, report depth, prune sent rows.</summary>
public sealed class OutboxRepository(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Locks up to <paramref name="limit"/> due pending rows, high priority first, then in position order, skipping rows
    /// another relay holds. The caller publishes them and completes the batch; disposing without completing releases them.
    /// </summary>
    public async Task<OutboxBatch> ClaimAsync(int limit, DateTimeOffset now, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
                """
                SELECT position AS Position, message_id AS MessageId, message_type AS MessageType, exchange AS Exchange,
                       routing_key AS RoutingKey, priority AS Priority, payload AS Payload, correlation_id AS CorrelationId,
                       job_id AS JobId, created_at AS CreatedAt, attempts AS Attempts
                FROM backend_ingest.outbox
                WHERE sent_at IS NULL AND available_at <= @Now
                ORDER BY priority, position
                LIMIT @Limit
                FOR UPDATE SKIP LOCKED
                """,
                new { Now = now, Limit = limit },
                transaction,
                cancellationToken: ct))).ToList();
            return new OutboxBatch(connection, transaction, rows);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pending rows and the creation time of the oldest one (for the depth and lag metrics).</summary>
    public async Task<(long Pending, DateTime? OldestCreatedAt)> ReadDepthAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<(long, DateTime?)>(new CommandDefinition(
            "SELECT count(*), min(created_at) FROM backend_ingest.outbox WHERE sent_at IS NULL", cancellationToken: ct));
    }

    /// <summary>Deletes rows sent before <paramref name="cutoff"/> (their messages are delivered), at most <paramref name="limit"/> per call.</summary>
    public async Task<int> PruneSentAsync(DateTimeOffset cutoff, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM backend_ingest.outbox
            WHERE position IN (SELECT position FROM backend_ingest.outbox WHERE sent_at < @Cutoff ORDER BY sent_at LIMIT @Limit)
            """,
            new { Cutoff = cutoff, Limit = limit },
            cancellationToken: ct));
    }
}
