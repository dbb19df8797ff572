using Dapper;
using Npgsql;

namespace Backend.Data.Events;

/// <summary>
/// Unpublished events locked by this relay (FOR UPDATE SKIP LOCKED) until <see cref="CompleteAsync"/> commits or the
/// batch is disposed (rolled back): another replica skips them meanwhile, so no event is published by two relays.
/// </summary>
public sealed class EventRelayBatch : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    internal EventRelayBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<EventRow> rows)
    {
        _connection = connection;
        _transaction = transaction;
        Rows = rows;
    }

    public IReadOnlyList<EventRow> Rows { get; }

    /// <summary>Marks the confirmed events published, records the error on the failed ones (they stay pending) and commits.</summary>
    public async Task CompleteAsync(IReadOnlyCollection<long> published, IReadOnlyCollection<long> failed, string? error, DateTimeOffset now, CancellationToken ct)
    {
        if (published.Count > 0)
        {
            await _connection.ExecuteAsync(new CommandDefinition(
                "UPDATE backend_events.events SET published_at = @Now, attempts = attempts + 1, last_error = NULL WHERE position = ANY(@Positions)",
                new { Positions = published.ToArray(), Now = now },
                _transaction,
                cancellationToken: ct));
        }

        if (failed.Count > 0)
        {
            await _connection.ExecuteAsync(new CommandDefinition(
                "UPDATE backend_events.events SET attempts = attempts + 1, last_error = left(@Error, 2000) WHERE position = ANY(@Positions)",
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
