using Backend.Data.LocalPostgres;
using Backend.Data.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Backend.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the test run: TEST_DATABASE_URL when set, else one throwaway cluster started from the
/// machine's binaries (the service's own launcher) and removed when the run ends, also after failures.
/// Every caller gets a fresh, empty database of its own.
/// </summary>
internal static class TestPostgres
{
    private static readonly Lazy<Task<Server>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private sealed record Server(NpgsqlConnectionStringBuilder Admin, LocalPostgresCluster? Cluster);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<NpgsqlConnectionStringBuilder> CreateDatabaseAsync(CancellationToken ct = default)
    {
        var server = await Shared.Value;
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server.Admin.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        return new NpgsqlConnectionStringBuilder(server.Admin.ConnectionString) { Database = name, Pooling = true };
    }

    /// <summary>A private cluster for tests that stop and start the server; the caller disposes it.</summary>
    public static Task<LocalPostgresCluster> StartPrivateClusterAsync(CancellationToken ct = default) =>
        LocalPostgresCluster.StartAsync(
            new LocalPostgresCluster.Options(Path.Combine(Path.GetTempPath(), "backend-tests-" + Guid.NewGuid().ToString("N")[..12]), Durable: false, RemoveOnDispose: true, PgBin: null),
            NullLogger.Instance,
            ct);

    private static async Task<Server> StartAsync()
    {
        var url = Environment.GetEnvironmentVariable("TEST_DATABASE_URL");
        if (!string.IsNullOrWhiteSpace(url))
        {
            if (!DatabaseUrl.TryParse(url, out var builder, out var error))
            {
                throw new InvalidOperationException($"TEST_DATABASE_URL {error}");
            }

            return new Server(builder, null);
        }

        var cluster = await StartPrivateClusterAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new Server(new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")), cluster);
    }
}
