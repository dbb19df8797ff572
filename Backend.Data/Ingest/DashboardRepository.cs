using Backend.Data.Postgres;
using Dapper;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>Cheap figures for the dashboard: no full count over a big table per request (maintained counters or the planner's estimate). Lag-tolerant: read from the replica when there is one.</summary>
public sealed class DashboardRepository(ReadDataSource dataSource)
{
    /// <summary>Below this many rows (by the planner's estimate) a table is counted exactly; above, the estimate is used.</summary>
    public const long ExactCountLimit = 100_000;

    public async Task<DashboardFigures> ReadAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Active entities and visible relationships: exact, from the trigger-maintained counters of sql/0024.
        var graph = (await connection.QueryAsync<(string, long)>(new CommandDefinition(
            """
            SELECT kind, sum(count)::bigint
            FROM (SELECT kind, count FROM backend_entities.graph_counts UNION ALL SELECT kind, delta FROM backend_entities.graph_count_deltas) c
            GROUP BY kind
            """, cancellationToken: ct))).ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
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
        return new DashboardFigures(graph.GetValueOrDefault("entity"), graph.GetValueOrDefault("relationship"), documents.Count, documents.Estimated,
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
