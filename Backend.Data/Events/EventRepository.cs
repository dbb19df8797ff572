using Dapper;
using Npgsql;

namespace Backend.Data.Events;

/// <summary>
/// Reads the event log in position order (which is commit order, see sql/0021), prunes it by age and claims
/// unpublished events for the relay. Events are written only by the capture triggers of sql/0021.
/// </summary>
public sealed class EventRepository(NpgsqlDataSource dataSource)
{
    internal const string Columns = """
        position AS Position, event_id AS EventId, event_type AS EventType, occurred_at AS OccurredAt, correlation_id AS CorrelationId,
        subject_ids AS SubjectIds, audience AS Audience, owner_id AS OwnerId, data::text AS Data
        """;

    /// <summary>The NOTIFY channel the capture triggers signal on every commit that appended events.</summary>
    public const string Channel = "backend_events";

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, in position order.</summary>
    public async Task<IReadOnlyList<EventRow>> ReadAfterAsync(long after, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_events.events WHERE position > @After ORDER BY position LIMIT @Limit",
            new { After = after, Limit = limit },
            cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// The same read on a connection the caller holds open: the live feed reads on its LISTEN connection, so it never
    /// queues for a pool slot behind the requests whose events it is about to deliver.
    /// </summary>
    public static async Task<IReadOnlyList<EventRow>> ReadAfterAsync(NpgsqlConnection connection, long after, int limit, CancellationToken ct) =>
        (await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_events.events WHERE position > @After ORDER BY position LIMIT @Limit",
            new { After = after, Limit = limit },
            cancellationToken: ct))).AsList();

    /// <summary>
    /// On a connection the caller holds open (outside the pool: the state lasts for the session): LISTEN on
    /// <see cref="Channel"/> and hold the waiting feeds' lock, so committing writers notify (<paramref name="waiting"/>
    /// true), or UNLISTEN and release it (false); one round trip. Starting to wait returns once no writer that skipped
    /// its notification is still running, so a read after it sees their events (sql/0027).
    /// </summary>
    public static async Task SetWaitingAsync(NpgsqlConnection connection, bool waiting, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand((waiting ? "LISTEN " : "UNLISTEN ") + Channel),
                new NpgsqlBatchCommand(waiting ? "SELECT backend_events.begin_waiting()" : "SELECT backend_events.end_waiting()"),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The highest committed position (0 when there is none) and the highest position pruned so far.</summary>
    public async Task<(long Head, long PrunedThrough)> ReadBoundsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            """
            SELECT greatest(coalesce((SELECT max(position) FROM backend_events.events), 0), r.pruned_through), r.pruned_through
            FROM backend_events.retention r
            """,
            cancellationToken: ct));
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> events that occurred before <paramref name="cutoff"/> and were published
    /// (or all of them when <paramref name="includeUnpublished"/>: no broker is configured), and records the highest
    /// deleted position so a resume below it is refused.
    /// </summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, bool includeUnpublished, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            WITH doomed AS (
                SELECT position FROM backend_events.events
                WHERE occurred_at < @Cutoff AND (published_at IS NOT NULL OR @IncludeUnpublished)
                ORDER BY position
                LIMIT @Limit
            ), deleted AS (
                DELETE FROM backend_events.events e USING doomed d WHERE e.position = d.position RETURNING e.position
            ), noted AS (
                UPDATE backend_events.retention SET pruned_through = greatest(pruned_through, (SELECT max(position) FROM deleted))
                WHERE EXISTS (SELECT 1 FROM deleted)
            )
            SELECT count(*)::int FROM deleted
            """,
            new { Cutoff = cutoff, IncludeUnpublished = includeUnpublished, Limit = limit },
            cancellationToken: ct));
    }

    /// <summary>
    /// Locks up to <paramref name="limit"/> unpublished events in position order, skipping rows another relay holds.
    /// The caller publishes them and completes the batch; disposing without completing releases them.
    /// </summary>
    public async Task<EventRelayBatch> ClaimUnpublishedAsync(int limit, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            var rows = (await connection.QueryAsync<EventRow>(new CommandDefinition(
                $"""
                SELECT {Columns} FROM backend_events.events
                WHERE published_at IS NULL
                ORDER BY position
                LIMIT @Limit
                FOR UPDATE SKIP LOCKED
                """,
                new { Limit = limit },
                transaction,
                cancellationToken: ct))).AsList();
            return new EventRelayBatch(connection, transaction, rows);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Unpublished events and the age source of the oldest one (for the relay's metrics).</summary>
    public async Task<(long Pending, DateTime? OldestOccurredAt)> ReadUnpublishedDepthAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<(long, DateTime?)>(new CommandDefinition(
            "SELECT count(*), min(occurred_at) FROM backend_events.events WHERE published_at IS NULL", cancellationToken: ct));
    }
}
