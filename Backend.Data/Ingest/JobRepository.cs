using Dapper;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>Extraction jobs: read, record the AI module's errors (retry with backoff or dead) and manual retries.</summary>
public sealed class JobRepository(NpgsqlDataSource dataSource)
{
    public async Task<JobRow?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            $"SELECT {JobColumns.List} FROM backend_ingest.jobs j WHERE j.id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Applies an error of the AI module for the message with <paramref name="retryCount"/>: the job is failed with a retry
    /// (<paramref name="retry"/>, written to the outbox in the same transaction, due at its AvailableAt) or dead when
    /// <paramref name="retry"/> is null. An error for another retry or a settled job changes nothing (redelivery).
    /// </summary>
    public async Task<JobErrorOutcome> RecordErrorAsync(Guid jobId, int retryCount, string error, OutboxMessage? retry, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<JobState>(new CommandDefinition(
            "SELECT status AS Status, retry_count AS RetryCount FROM backend_ingest.jobs WHERE id = @jobId FOR UPDATE", new { jobId }, transaction, cancellationToken: ct));
        if (current is null)
        {
            return JobErrorOutcome.UnknownJob;
        }

        if (current.Status is not (JobRow.Queued or JobRow.Dispatched) || current.RetryCount != retryCount)
        {
            return JobErrorOutcome.Duplicate;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_ingest.jobs
            SET status = @Status, last_error = left(@Error, 5000), failed_at = @Now, updated_at = greatest(@Now, created_at),
                retry_count = retry_count + @Increment, next_attempt_at = @NextAttemptAt
            WHERE id = @JobId
            """,
            new
            {
                JobId = jobId,
                Status = retry is null ? JobRow.Dead : JobRow.Failed,
                Error = error,
                Now = now,
                Increment = retry is null ? 0 : 1,
                NextAttemptAt = retry?.AvailableAt,
            },
            transaction,
            cancellationToken: ct));
        if (retry is not null)
        {
            await OutboxWriter.InsertAsync(connection, transaction, retry, now, ct);
        }

        await transaction.CommitAsync(ct);
        return retry is null ? JobErrorOutcome.Dead : JobErrorOutcome.RetryScheduled;
    }

    /// <summary>
    /// Queues a failed or dead job again now with <paramref name="message"/> (built for <paramref name="nextRetryCount"/>),
    /// dropping a scheduled retry that has not been sent yet so the job is never dispatched twice. The job must still be
    /// in <paramref name="expectedStatus"/> at <paramref name="expectedRetryCount"/> (what the caller read).
    /// </summary>
    public async Task<JobRetryOutcome> RetryAsync(
        Guid jobId, string expectedStatus, int expectedRetryCount, int nextRetryCount, OutboxMessage message, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            $"""
            UPDATE backend_ingest.jobs AS j
            SET status = 'queued', retry_count = @NextRetryCount, next_attempt_at = NULL, updated_at = greatest(@Now, j.created_at)
            WHERE j.id = @JobId AND j.status IN ('failed', 'dead') AND j.status = @ExpectedStatus AND j.retry_count = @ExpectedRetryCount
            RETURNING {JobColumns.List}
            """,
            new { JobId = jobId, ExpectedStatus = expectedStatus, ExpectedRetryCount = expectedRetryCount, NextRetryCount = nextRetryCount, Now = now },
            transaction,
            cancellationToken: ct));
        if (row is null)
        {
            var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM backend_ingest.jobs WHERE id = @jobId)", new { jobId }, transaction, cancellationToken: ct));
            return new JobRetryOutcome(exists ? JobRetryStatus.NotRetryable : JobRetryStatus.NotFound, null);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM backend_ingest.outbox WHERE job_id = @jobId AND sent_at IS NULL", new { jobId }, transaction, cancellationToken: ct));
        await OutboxWriter.InsertAsync(connection, transaction, message, now, ct);
        await transaction.CommitAsync(ct);
        return new JobRetryOutcome(JobRetryStatus.Queued, row);
    }

    /// <summary>Marks a job that is not settled yet dead (its result was refused); false when it was already settled or is unknown.</summary>
    public async Task<bool> MarkDeadAsync(Guid jobId, string error, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_ingest.jobs
            SET status = 'dead', last_error = left(@Error, 5000), failed_at = @Now, next_attempt_at = NULL, updated_at = greatest(@Now, created_at)
            WHERE id = @JobId AND status IN ('queued', 'dispatched', 'failed')
            """,
            new { JobId = jobId, Error = error, Now = now },
            cancellationToken: ct)) > 0;
    }

    private sealed record JobState(string Status, int RetryCount);
}
