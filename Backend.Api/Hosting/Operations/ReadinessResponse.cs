using System.Text.Json.Serialization;

namespace Backend.Api.Hosting.Operations;

internal sealed record ReadinessResponse(string Status, DatabaseCheck Database, int SchemaVersion, PoolFigures Pool, BrokerCheck Broker, ReplicaCheck Replica);

/// <summary>ok, connecting, unavailable (readiness is then degraded, still 200) or not_configured (no RABBITMQ_URL).</summary>
internal sealed record BrokerCheck(string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

internal sealed record DatabaseCheck(string Status, double LatencyMs);

internal sealed record PoolFigures(long Busy, long Idle, long Max);

/// <summary>
/// The read replica (DATABASE_READ_URL): <c>ok</c>, <c>unavailable</c> (readiness is then degraded, still 200: reads use
/// the primary) or <c>not_configured</c>. Latency, lag, standby and pool are given when it answered; error when it did not.
/// </summary>
/// <param name="LagSeconds">Seconds the standby's replay is behind (0 when caught up).</param>
/// <param name="Standby">False when DATABASE_READ_URL names a server that is not in recovery (not a standby).</param>
internal sealed record ReplicaCheck(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? LatencyMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? LagSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Standby,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PoolFigures? Pool,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error)
{
    public const string Ok = "ok";
    public const string Unavailable = "unavailable";
    public const string NotConfigured = "not_configured";
}
