using System.Text.Json.Nodes;
using Backend.Data.Postgres;
using Dapper;
using Npgsql;

namespace Backend.Data.Audit;

/// <summary>
/// The audit entry point of the data layer: builds events and writes them inside the caller's transaction, so a change and
/// its audit row commit together (<see cref="AuditRepository.WriteAsync"/> writes one on its own).
/// </summary>
public static class AuditEvents
{
    /// <summary>
    /// The head of an audit insert, for a statement that writes its audit rows with the change itself (a data-modifying
    /// CTE): follow it with a <c>SELECT</c> or <c>VALUES</c> of id, occurred_at, actor_id, action, target_type, target_id,
    /// outcome, ip (inet), user_agent, request_id and details (jsonb), in that order.
    /// </summary>
    public const string InsertFromSql =
        "INSERT INTO backend_audit.audit_events (id, occurred_at, actor_id, action, target_type, target_id, outcome, ip, user_agent, request_id, details)";

    private const string InsertSql = InsertFromSql + """

        VALUES (@Id, @OccurredAt, @ActorId, @Action, @TargetType, @TargetId, @Outcome, @Ip::inet, @UserAgent, @RequestId, @Details)
        """;

    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEvent e, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSql, Parameters(e), transaction, cancellationToken: ct));

    /// <summary>Many events of one change (a batch) in one statement.</summary>
    public static Task InsertManyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEvent> events, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_audit.audit_events (id, occurred_at, actor_id, action, target_type, target_id, outcome, ip, user_agent, request_id, details)
            SELECT u.id, u.occurred_at, u.actor_id, u.action, u.target_type, u.target_id, u.outcome, u.ip::inet, u.user_agent, u.request_id, u.details::jsonb
            FROM unnest(@Ids, @OccurredAts, @ActorIds, @Actions, @TargetTypes, @TargetIds, @Outcomes, @Ips, @UserAgents, @RequestIds, @Details)
                AS u(id, occurred_at, actor_id, action, target_type, target_id, outcome, ip, user_agent, request_id, details)
            """,
            new
            {
                Ids = events.Select(e => e.Id).ToArray(),
                OccurredAts = events.Select(e => e.OccurredAt).ToArray(),
                ActorIds = events.Select(e => e.ActorId).ToArray(),
                Actions = events.Select(e => e.Action).ToArray(),
                TargetTypes = events.Select(e => e.TargetType).ToArray(),
                TargetIds = events.Select(e => e.TargetId).ToArray(),
                Outcomes = events.Select(e => e.Outcome).ToArray(),
                Ips = events.Select(e => e.Ip).ToArray(),
                UserAgents = events.Select(e => e.UserAgent).ToArray(),
                RequestIds = events.Select(e => e.RequestId).ToArray(),
                Details = events.Select(e => e.DetailsJson).ToArray(),
            },
            transaction,
            cancellationToken: ct));

    /// <summary>The one way an audit event is built: the actor's id, address and request, and the API key named in the details.</summary>
    public static AuditEvent Event(AuditActor actor, DateTimeOffset at, string action, string? targetType, Guid? targetId, string detailsJson, string outcome = "success") =>
        new(Guid.CreateVersion7(at), at, actor.ActorId, action, targetType, targetId, outcome, actor.Ip, actor.UserAgent, actor.RequestId,
            WithApiKey(detailsJson, actor.ApiKeyId, actor.ApiKeyName));

    /// <summary>Adds <c>"api_key": {"id", "name"}</c> to the details when the actor is an API key, so the trail names the key.</summary>
    private static string WithApiKey(string detailsJson, Guid? apiKeyId, string? apiKeyName)
    {
        if (apiKeyId is null)
        {
            return detailsJson;
        }

        var details = JsonNode.Parse(detailsJson) as JsonObject ?? [];
        details["api_key"] = new JsonObject { ["id"] = apiKeyId.Value.ToString(), ["name"] = apiKeyName };
        return details.ToJsonString();
    }

    private static object Parameters(AuditEvent e) => new
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
    };
}
