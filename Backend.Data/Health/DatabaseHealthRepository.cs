using Dapper;
using Npgsql;

namespace Backend.Data.Health;

/// <summary>The readiness probe's queries: is the database there, and which schema version does it hold.</summary>
public sealed class DatabaseHealthRepository(NpgsqlDataSource dataSource)
{
    /// <summary>The number of the newest applied migration, 0 when none ran yet.</summary>
    public async Task<int> ReadSchemaVersionAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var journalExists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('backend_migrations.schema_versions') IS NOT NULL", cancellationToken: ct));
        return journalExists
            ? await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT coalesce(max(left(scriptname, 4)::int), 0) FROM backend_migrations.schema_versions", cancellationToken: ct))
            : 0;
    }
}
