using Dapper;
using DbUp;
using DbUp.Engine;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Backend.Data.Migrations;

/// <summary>
/// Applies <c>sql/</c> with DbUp: one transaction per script, journal in <c>backend_migrations</c>, serialised
/// across replicas by a PostgreSQL advisory lock, and refusing to run when an applied script has changed.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, IReadOnlyList<MigrationScript> scripts, ILogger<MigrationRunner> logger)
{
    public const string JournalSchema = "backend_migrations";
    public const string JournalTable = "schema_versions";

    /// <summary>The journal: DbUp's columns plus the checksum of each applied script.</summary>
    public const string JournalTableDdl = $$"""
        CREATE TABLE IF NOT EXISTS {{JournalSchema}}.{{JournalTable}} (
            schemaversionsid serial PRIMARY KEY,
            scriptname varchar(255) NOT NULL UNIQUE,
            applied timestamptz NOT NULL DEFAULT now(),
            checksum char(64) NOT NULL
        )
        """;

    // Any fixed 64-bit key; every replica must use the same one.
    private const long AdvisoryLockKey = 0x6261636b656e64; // "backend"

    public IReadOnlyList<MigrationScript> Scripts => scripts;

    /// <summary>Applied and pending scripts; throws <see cref="MigrationException"/> naming any applied script that was edited, renamed or removed.</summary>
    public async Task<MigrationStatus> GetStatusAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await ReadStatusAsync(connection, ct);
    }

    /// <summary>Applies every pending script and returns their names. Safe to call from many replicas at once.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await lockConnection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: ct));
        try
        {
            var status = await ReadStatusAsync(lockConnection, ct);
            if (status.Pending.Count == 0)
            {
                logger.LogInformation("Database schema is up to date at version {SchemaVersion}", status.SchemaVersion);
                return [];
            }

            await lockConnection.ExecuteAsync(new CommandDefinition($"CREATE SCHEMA IF NOT EXISTS {JournalSchema}", cancellationToken: ct));
            var result = await Task.Run(() => Upgrade(status.Pending), ct);
            if (!result.Successful)
            {
                var failed = result.ErrorScript?.Name ?? "unknown script";
                throw new MigrationException($"Migration {failed} failed: {result.Error?.Message}");
            }

            var applied = result.Scripts.Select(s => s.Name).ToList();
            logger.LogInformation("Applied {Count} migration(s): {Scripts}", applied.Count, applied);
            return applied;
        }
        finally
        {
            await lockConnection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>
    /// The pending scripts as one psql-runnable text: each in its own transaction together with its journal row,
    /// so a DBA who runs it by hand leaves the database exactly as the runner would.
    /// </summary>
    public static string RenderPendingSql(MigrationStatus status)
    {
        var sql = new System.Text.StringBuilder();
        sql.AppendLine("-- Pending Backend migrations. Run with: psql -v ON_ERROR_STOP=1 -f <this file>");
        sql.AppendLine($"CREATE SCHEMA IF NOT EXISTS {JournalSchema};");
        sql.AppendLine(JournalTableDdl + ";");
        foreach (var script in status.Pending)
        {
            sql.AppendLine();
            sql.AppendLine($"-- ==== {script.Name} ====");
            sql.AppendLine("BEGIN;");
            sql.AppendLine(script.Contents.TrimEnd());
            sql.AppendLine($"INSERT INTO {JournalSchema}.{JournalTable} (scriptname, applied, checksum) VALUES ('{script.Name}', now(), '{script.Checksum}');");
            sql.AppendLine("COMMIT;");
        }

        return sql.ToString();
    }

    private DatabaseUpgradeResult Upgrade(IReadOnlyList<MigrationScript> pending)
    {
        var checksums = scripts.ToDictionary(s => s.Name, s => s.Checksum);
        var engine = DeployChanges.To
            .PostgresqlDatabase(new WholeScriptConnectionManager(dataSource))
            .WithScripts(pending.Select(s => new SqlScript(s.Name, s.Contents)))
            .JournalTo((connectionManager, log) => new ChecksumJournal(connectionManager, log, checksums))
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogTo(new DbUpLog(logger))
            .Build();
        return engine.PerformUpgrade();
    }

    private async Task<MigrationStatus> ReadStatusAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var journalExists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@name) IS NOT NULL", new { name = $"{JournalSchema}.{JournalTable}" }, cancellationToken: ct));
        var applied = journalExists
            ? (await connection.QueryAsync<AppliedScript>(new CommandDefinition(
                $"SELECT scriptname AS Name, checksum AS Checksum, applied AS AppliedAt FROM {JournalSchema}.{JournalTable} ORDER BY scriptname",
                cancellationToken: ct))).ToList()
            : [];

        var byName = scripts.ToDictionary(s => s.Name);
        var problems = new List<string>();
        foreach (var row in applied)
        {
            if (!byName.TryGetValue(row.Name, out var script))
            {
                problems.Add($"{row.Name} was applied to this database but is no longer in sql/ (renamed or deleted)");
            }
            else if (!string.Equals(script.Checksum, row.Checksum.Trim(), StringComparison.Ordinal))
            {
                problems.Add($"{row.Name} was edited after it was applied (checksum differs)");
            }
        }

        if (problems.Count > 0)
        {
            throw new MigrationException(
                "Applied migrations do not match sql/: " + string.Join("; ", problems) +
                ". Restore the original files and put changes in a new numbered script.");
        }

        var appliedNames = applied.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        return new MigrationStatus(applied, scripts.Where(s => !appliedNames.Contains(s.Name)).ToList());
    }

    /// <summary>Sends each script as one command so dollar-quoted bodies are never split by DbUp.</summary>
    private sealed class WholeScriptConnectionManager(NpgsqlDataSource dataSource) : PostgresqlConnectionManager(dataSource)
    {
        public override IEnumerable<string> SplitScriptIntoCommands(string scriptContents) => [scriptContents];
    }
}
