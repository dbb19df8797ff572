using Dapper;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>
/// Pending outbox rows locked by this relay (FOR UPDATE SKIP LOCKED) until <see cref="CompleteAsync"/> commits or the
/// batch is disposed (rolled back): another replica skips them meanwhile, so no row is published by two relays.
/// </summary>
public sealed class OutboxBatch : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    internal OutboxBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxRow> rows)
    {
        _connection = connection;
        _transaction = transaction;
        Rows = rows;
    }

    public IReadOnlyList<OutboxRow> Rows { get; }

    /// <summary>
    /// Marks <paramref name="sent"/> rows sent (their jobs dispatched, unless the AI module already answered that retry), records <paramref name="error"/> on the
    /// <paramref name="failed"/> rows (they stay pending) and commits.
    /// </summary>
    public async Task CompleteAsync(IReadOnlyCollection<long> sent, IReadOnlyCollection<long> failed, string? error, DateTimeOffset now, CancellationToken ct)
    {
        if (sent.Count > 0)
        {
            await _connection.ExecuteAsync(new CommandDefinition(
                """
                WITH sent AS (
                    UPDATE backend_ingest.outbox SET sent_at = greatest(@Now, created_at), attempts = attempts + 1, last_error = NULL
                    WHERE position = ANY(@Positions)
                    RETURNING job_id, job_retry_count
                )
                UPDATE backend_ingest.jobs j
                SET attempts = j.attempts + 1,
                    status = CASE WHEN j.status IN ('queued', 'failed') AND j.retry_count = sent.job_retry_count THEN 'dispatched' ELSE j.status END,
                    dispatched_at = CASE WHEN j.status IN ('queued', 'failed') AND j.retry_count = sent.job_retry_count THEN @Now ELSE j.dispatched_at END,
                    next_attempt_at = CASE WHEN j.status IN ('queued', 'failed') AND j.retry_count = sent.job_retry_count THEN NULL ELSE j.next_attempt_at END,
                    updated_at = greatest(@Now, j.created_at)
                FROM sent
                WHERE j.id = sent.job_id
                """,
                new { Positions = sent.ToArray(), Now = now },
                _transaction,
                cancellationToken: ct));
        }

        if (failed.Count > 0)
        {
            await _connection.ExecuteAsync(new CommandDefinition(
                "UPDATE backend_ingest.outbox SET attempts = attempts + 1, last_error = left(@Error, 2000) WHERE position = ANY(@Positions)",
                new { Positions = failed.ToArray(), Error = error ?? "not confirmed" },
                _transaction,
                cancellationToken: ct));
        }

        await _transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
