using Backend.Data.Postgres;
using Dapper;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>Cheap figures for the dashboard: no full count over a big table per request. Lag-tolerant: read from the replica when there is one.</summary>
public sealed class DashboardRepository(ReadDataSource dataSource)
{
    /// <summary>Below this many rows (by the planner's estimate) a table is counted exactly; above, the estimate is used.</summary>
    public const long ExactCountLimit = 100_000;

    public async Task<DashboardFigures> ReadAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var entities = await CountAsync(connection, "backend_entities.entities", "is_active", ct);
        var relationships = await CountAsync(connection, "backend_entities.entity_relationships", "is_active", ct);
        var documents = await CountAsync(connection, "backend_ingest.documents", "TRUE", ct);
        var jobs = (await connection.QueryAsync<(string, long)>(new CommandDefinition(
            "SELECT status, sum(jobs)::bigint FROM backend_ingest.job_status_counts GROUP BY status", cancellationToken: ct)))
            .ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
        var lastUpdated = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            """
            SELECT greatest(
                (SELECT max(created_at) FROM backend_entities.entities WHERE is_active),
                (SELECT max(created_at) FROM backend_entities.entity_relationships WHERE is_active),
                (SELECT max(completed_at) FROM backend_ingest.jobs))
            """,
            cancellationToken: ct));
        return new DashboardFigures(entities.Count, relationships.Count, documents.Count, entities.Estimated || relationships.Estimated || documents.Estimated,
            lastUpdated, jobs);
    }

    private static async Task<(long Count, bool Estimated)> CountAsync(NpgsqlConnection connection, string table, string filter, CancellationToken ct)
    {
        // reltuples is -1 before the first VACUUM/ANALYZE; such a table is new and small enough to count.
        var estimate = await connection.ExecuteScalarAsync<double>(new CommandDefinition(
            "SELECT coalesce((SELECT reltuples FROM pg_class WHERE oid = @table::regclass), -1)::float8", new { table }, cancellationToken: ct));
        if (estimate >= ExactCountLimit)
        {
            return ((long)estimate, true);
        }

        return (await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM {table} WHERE {filter}", cancellationToken: ct)), false);
    }
}
