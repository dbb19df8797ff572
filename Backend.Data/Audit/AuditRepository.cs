using Backend.Data.Postgres;
using Dapper;
using Npgsql;

namespace Backend.Data.Audit;

/// <summary>The append-only audit trail.</summary>
public sealed class AuditRepository(NpgsqlDataSource dataSource)
{
    public async Task WriteAsync(AuditEvent e, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_audit.audit_events (id, occurred_at, actor_id, action, target_type, target_id, outcome, ip, user_agent, request_id, details)
            VALUES (@Id, @OccurredAt, @ActorId, @Action, @TargetType, @TargetId, @Outcome, @Ip::inet, @UserAgent, @RequestId, @Details)
            """,
            new
            {
                e.Id,
                e.OccurredAt,
                e.ActorId,
                e.Action,
                e.TargetType,
                e.TargetId,
                e.Outcome,
                e.Ip,
                e.UserAgent,
                e.RequestId,
                Details = new JsonbParameter(e.DetailsJson),
            },
            cancellationToken: ct));
    }
}
