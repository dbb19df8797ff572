using System.Diagnostics;
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
/// <remarks>
/// A cluster's folder is named after the test process (<c>backend-tests-{pid}-{random}</c>). The test host can be ended
/// before its exit handlers have stopped the server, so each run first stops and removes the clusters of test
/// processes that no longer exist.
/// </remarks>
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
            new LocalPostgresCluster.Options(Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}"), Durable: false, RemoveOnDispose: true, PgBin: null),
            NullLogger.Instance,
            ct);

    private const string FolderPrefix = "backend-tests-";

    private static async Task<Server> StartAsync()
    {
        RemoveAbandonedClusters();
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
        // The test host may be ended soon after the run, so no orderly shutdown: kill the postmaster and remove the folder.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(cluster.RootDirectory);
        return new Server(new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")), cluster);
    }

    // Clusters whose test process is gone. Killing a postmaster is enough: its backends exit when it dies.
    private static void RemoveAbandonedClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.GetFileName(folder)[FolderPrefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, out var ownerPid) || IsRunning(ownerPid))
            {
                continue;
            }

            Remove(folder);
        }
    }

    private static void Remove(string folder)
    {
        try
        {
            var postmasterPid = Path.Combine(folder, "postgres", "postmaster.pid");
            if (File.Exists(postmasterPid) && int.TryParse(File.ReadLines(postmasterPid).FirstOrDefault(), out var pid) && IsRunning(pid))
            {
                using var postmaster = Process.GetProcessById(pid);
                postmaster.Kill();
                postmaster.WaitForExit(TimeSpan.FromSeconds(10));
            }

            Directory.Delete(folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Best effort: another run may be removing it at the same time, or backends still hold files.
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
