using Backend.Data.Postgres;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>Pending outbox rows claimed by this relay (see <see cref="ClaimedBatch{TRow}"/>).</summary>
public sealed class OutboxBatch : ClaimedBatch<OutboxRow>
{
    internal OutboxBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxRow> rows)
        : base(connection, transaction, rows)
    {
    }

    private protected override string Table => "backend_ingest.outbox";

    /// <summary>
    /// Sent rows are marked sent and their jobs dispatched, unless the AI module already answered that retry. Relays
    /// take turns at this step (a transaction-level advisory lock): each job's status change updates two of the
    /// sharded job_status_counts rows (sql/0017) in the order the UPDATE meets the jobs, so two relays marking batches
    /// with overlapping shards at once could deadlock, and the one PostgreSQL aborts would roll back a batch the broker
    /// already has, which the other relay would then publish again.
    /// </summary>
    private protected override Task MarkSentAsync(long[] positions, DateTimeOffset now, CancellationToken ct) => ExecuteAsync(
        """
        SELECT pg_advisory_xact_lock(7310150017);
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
        new { Positions = positions, Now = now },
        ct);
}
