using System.Diagnostics;
using Backend.Api.Hosting.Settings;
using Backend.Data.LocalPostgres;
using Backend.Data.Postgres;
using Npgsql;

namespace Backend.Api.Hosting;

/// <summary>Finds the database (DATABASE_URL or the local cluster) and waits for it, so the service never needs a manual restart.</summary>
internal static class DatabaseStartup
{
    public static async Task<(NpgsqlConnectionStringBuilder Connection, LocalPostgresCluster? Cluster)> ResolveAsync(
        BackendSettings settings, ILogger logger, CancellationToken ct)
    {
        if (settings.DatabaseUrl is not null)
        {
            logger.LogInformation("Using the database at {Host}:{Port}/{Database}", settings.DatabaseUrl.Host, settings.DatabaseUrl.Port, settings.DatabaseUrl.Database);
            return (settings.DatabaseUrl, null);
        }

        logger.LogInformation("DATABASE_URL is not set: starting a local PostgreSQL under {Directory}", settings.LocalDataDirectory);
        var cluster = await LocalPostgresCluster.StartAsync(
            new LocalPostgresCluster.Options(settings.LocalDataDirectory, Durable: true, RemoveOnDispose: false, settings.PgBin), logger, ct);
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(await cluster.EnsureDatabaseAsync("backend", ct));
            return (connection, cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The read replica's pool when DATABASE_READ_URL is set, else null. Startup does not wait for it and migrations never
    /// run on it (a standby replays them from the primary): reads use the primary until it answers.
    /// </summary>
    /// <param name="poolName">The primary's pool name; the replica's is this with <c>-replica</c> appended.</param>
    public static NpgsqlDataSource? CreateReadReplica(BackendSettings settings, string poolName, ILogger logger)
    {
        if (settings.DatabaseReadUrl is not { } replica)
        {
            return null;
        }

        logger.LogInformation("Reads that tolerate lag go to the replica at {Host}:{Port}/{Database}", replica.Host, replica.Port, replica.Database);
        return DataSourceFactory.CreateReadReplica(replica, settings.Pool, ReplicaPoolName(poolName));
    }

    /// <summary>The name of the replica's pool in metrics (<c>backend_db_pool_connections{pool="…-replica"}</c>).</summary>
    public static string ReplicaPoolName(string poolName) => poolName + "-replica";

    /// <summary>Retries with exponential backoff (0.25 s doubling up to 5 s) until the database answers or <paramref name="timeout"/> passes.</summary>
    public static async Task WaitUntilReachableAsync(NpgsqlDataSource dataSource, TimeSpan timeout, ILogger logger, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(ct);
                if (attempt > 1)
                {
                    logger.LogInformation("Database reachable after {Attempts} attempts ({ElapsedMs} ms)", attempt, clock.ElapsedMilliseconds);
                }

                return;
            }
            catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception) && !ct.IsCancellationRequested)
            {
                var remaining = timeout - clock.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    throw new DatabaseUnreachableException(
                        $"The database did not answer within DB_STARTUP_TIMEOUT ({timeout.TotalSeconds:0.#} s, {attempt} attempts): {exception.Message}");
                }

                var wait = delay < remaining ? delay : remaining;
                logger.LogWarning("Database not reachable yet (attempt {Attempt}: {Error}); retrying in {DelayMs} ms", attempt, exception.Message, (int)wait.TotalMilliseconds);
                await Task.Delay(wait, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }
}

internal sealed class DatabaseUnreachableException(string message) : Exception(message);
