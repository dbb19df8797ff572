namespace Backend.Api.Hosting.Operations;

internal sealed record ReadinessResponse(string Status, DatabaseCheck Database, int SchemaVersion, PoolFigures Pool);

internal sealed record DatabaseCheck(string Status, double LatencyMs);

internal sealed record PoolFigures(long Busy, long Idle, long Max);
