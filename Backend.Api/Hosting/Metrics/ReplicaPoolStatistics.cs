namespace Backend.Api.Hosting.Metrics;

/// <summary>The read replica's pool figures (pool name <c>…-replica</c>), or null <see cref="Statistics"/> without DATABASE_READ_URL.</summary>
internal sealed record ReplicaPoolStatistics(PoolStatistics? Statistics);
