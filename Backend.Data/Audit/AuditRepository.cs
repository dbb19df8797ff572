using Backend.Data.Postgres;
using Dapper;
using Npgsql;

namespace Backend.Data.Audit;

/// <summary>
/// The append-only audit trail: writes, the admin listing and retention. The listing is a report over history that
/// no security decision reads, so it tolerates replica lag and goes to the read replica when there is one.
/// </summary>
public sealed class AuditRepository(NpgsqlDataSource dataSource, ReadDataSource reads)
{
    private const int PruneBatch = 10_000;

    public async Task WriteAsync(AuditEvent e, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await AuditEvents.InsertAsync(connection, null, e, ct);
    }

    /// <summary>Newest first by (occurred_at, id); asks for one row more than the limit so the caller knows whether more follow.</summary>
    public async Task<IReadOnlyList<AuditEventRow>> ListAsync(AuditQuery query, CancellationToken ct)
    {
        await using var connection = await reads.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<AuditEventRow>(new CommandDefinition(
            """
            SELECT id AS Id, occurred_at AS OccurredAt, actor_id AS ActorId, action AS Action, target_type AS TargetType, target_id AS TargetId,
                   outcome AS Outcome, host(ip) AS Ip, user_agent AS UserAgent, request_id AS RequestId, details::text AS Details
            FROM backend_audit.audit_events
            WHERE (@ActorId::uuid IS NULL OR actor_id = @ActorId)
              AND (@Action::text IS NULL OR action = @Action)
              AND (@TargetType::text IS NULL OR target_type = @TargetType)
              AND (@TargetId::uuid IS NULL OR target_id = @TargetId)
              AND (@Outcome::text IS NULL OR outcome = @Outcome)
              AND (@From::timestamptz IS NULL OR occurred_at >= @From)
              AND (@To::timestamptz IS NULL OR occurred_at < @To)
              AND (@AfterOccurredAt::timestamptz IS NULL OR (occurred_at, id) < (@AfterOccurredAt, @AfterId))
            ORDER BY occurred_at DESC, id DESC
            LIMIT @Take
            """,
            new { query.ActorId, query.Action, query.TargetType, query.TargetId, query.Outcome, query.From, query.To, query.AfterOccurredAt, query.AfterId, Take = query.Limit + 1 },
            cancellationToken: ct))).ToList();
    }

    /// <summary>Deletes events older than <paramref name="cutoff"/> in batches (short transactions, no long lock); returns how many.</summary>
    public async Task<long> PruneAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        long total = 0;
        int deleted;
        do
        {
            deleted = await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM backend_audit.audit_events
                WHERE id IN (SELECT id FROM backend_audit.audit_events WHERE occurred_at < @cutoff ORDER BY occurred_at LIMIT @batch)
                """,
                new { cutoff, batch = PruneBatch },
                cancellationToken: ct));
            total += deleted;
        }
        while (deleted == PruneBatch);

        return total;
    }
}
