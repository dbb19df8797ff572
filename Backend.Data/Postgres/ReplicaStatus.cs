namespace Backend.Data.Postgres;

/// <summary>What the read replica answered to the readiness probe.</summary>
/// <param name="InRecovery">True for a standby (<c>pg_is_in_recovery()</c>); false means DATABASE_READ_URL names a primary.</param>
/// <param name="LagSeconds">Seconds between now and the last replayed commit while replay is behind what was received; 0 when caught up; null when it never replayed a commit.</param>
/// <param name="Latency">Round trip of the probe, connection included.</param>
public sealed record ReplicaStatus(bool InRecovery, double? LagSeconds, TimeSpan Latency);
