namespace Backend.Api.Hosting.Operations;

internal sealed record ReadinessResponse(string Status, DatabaseCheck Database, int SchemaVersion, PoolFigures Pool, BrokerCheck Broker);

/// <summary>ok, connecting, unavailable (readiness is then degraded, still 200) or not_configured (no RABBITMQ_URL).</summary>
internal sealed record BrokerCheck(string Status, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error);

internal sealed record DatabaseCheck(string Status, double LatencyMs);

internal sealed record PoolFigures(long Busy, long Idle, long Max);
