using Dapper;
using Npgsql;

namespace Backend.Data.Postgres;

/// <summary>
/// Rows of a relay table (an outbox: a <c>position</c>, <c>attempts</c> and <c>last_error</c> per row) claimed by this
/// relay with FOR UPDATE SKIP LOCKED, until <see cref="CompleteAsync"/> commits or the batch is disposed (rolled back):
/// another replica skips them meanwhile, so no row is published by two relays.
/// </summary>
/// <typeparam name="TRow">The claimed row.</typeparam>
public abstract class ClaimedBatch<TRow> : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private protected ClaimedBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TRow> rows)
    {
        _connection = connection;
        _transaction = transaction;
        Rows = rows;
    }

    /// <summary>The claimed rows, in position order.</summary>
    public IReadOnlyList<TRow> Rows { get; }

    /// <summary>The relay table, schema-qualified.</summary>
    private protected abstract string Table { get; }

    /// <summary>
    /// Marks the <paramref name="sent"/> positions sent (<see cref="MarkSentAsync"/>), records <paramref name="error"/> on
    /// the <paramref name="failed"/> ones (they stay pending, one attempt more) and commits.
    /// </summary>
    public async Task CompleteAsync(IReadOnlyCollection<long> sent, IReadOnlyCollection<long> failed, string? error, DateTimeOffset now, CancellationToken ct)
    {
        if (sent.Count > 0)
        {
            await MarkSentAsync(sent.ToArray(), now, ct);
        }

        if (failed.Count > 0)
        {
            await ExecuteAsync(
                $"UPDATE {Table} SET attempts = attempts + 1, last_error = left(@Error, 2000) WHERE position = ANY(@Positions)",
                new { Positions = failed.ToArray(), Error = error ?? "not confirmed" },
                ct);
        }

        await _transaction.CommitAsync(ct);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Records the rows at <paramref name="positions"/> as sent at <paramref name="now"/>, inside the batch's transaction.</summary>
    private protected abstract Task MarkSentAsync(long[] positions, DateTimeOffset now, CancellationToken ct);

    /// <summary>Runs one statement inside the batch's transaction.</summary>
    private protected Task ExecuteAsync(string sql, object parameters, CancellationToken ct) =>
        _connection.ExecuteAsync(new CommandDefinition(sql, parameters, _transaction, cancellationToken: ct));
}
