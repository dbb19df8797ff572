using Backend.Data.Postgres;
using Npgsql;

namespace Backend.Data.Events;

/// <summary>Unpublished events claimed by this relay (see <see cref="ClaimedBatch{TRow}"/>).</summary>
public sealed class EventRelayBatch : ClaimedBatch<EventRow>
{
    internal EventRelayBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<EventRow> rows)
        : base(connection, transaction, rows)
    {
    }

    private protected override string Table => "backend_events.events";

    /// <summary>Confirmed events are published: they leave the relay's queue.</summary>
    private protected override Task MarkSentAsync(long[] positions, DateTimeOffset now, CancellationToken ct) => ExecuteAsync(
        "UPDATE backend_events.events SET published_at = @Now, attempts = attempts + 1, last_error = NULL WHERE position = ANY(@Positions)",
        new { Positions = positions, Now = now },
        ct);
}
