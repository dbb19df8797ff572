using Backend.Data.LocalPostgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Backend.Tests.Infrastructure;

/// <summary>
/// A private primary cluster and a hot standby streaming from it, both from the machine's binaries: the standby is a
/// <c>pg_basebackup -R</c> copy (run as the postgres user when the tests run as root) started on a free port in its own
/// folder. The primary is private (not the shared test server) so the copy stays small and the standby replays only
/// this test's traffic. Both are stopped and removed on dispose.
/// </summary>
internal sealed class StreamingReplica : IAsyncDisposable
{
    private StreamingReplica(LocalPostgresCluster primary, LocalPostgresCluster standby, string database)
    {
        Primary = primary;
        Standby = standby;
        Database = database;
    }

    public LocalPostgresCluster Primary { get; }

    public LocalPostgresCluster Standby { get; }

    public string Database { get; }

    /// <summary>The database on the primary (DATABASE_URL).</summary>
    public NpgsqlConnectionStringBuilder PrimaryDatabase => new(Primary.ConnectionString(Database));

    /// <summary>The same database on the standby (DATABASE_READ_URL).</summary>
    public NpgsqlConnectionStringBuilder StandbyDatabase => new(Standby.ConnectionString(Database));

    /// <summary>The standby's server log (its <c>ERROR:</c> lines show statements it refused).</summary>
    public string StandbyLog => Path.Combine(Standby.DataDirectory, "server.log");

    public static async Task<StreamingReplica> StartAsync(CancellationToken ct)
    {
        var primary = await TestPostgres.StartPrivateClusterAsync(ct);
        try
        {
            var database = "backend";
            await primary.EnsureDatabaseAsync(database, ct);
            var standby = await CloneAsync(primary, ct);
            return new StreamingReplica(primary, standby, database);
        }
        catch
        {
            await primary.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until the standby has replayed everything the primary wrote so far: up to the WAL insert position, not the
    /// write position, because the test clusters commit asynchronously (a commit record can still be in the WAL
    /// buffers, behind <c>pg_current_wal_lsn()</c>, when the API has already answered).
    /// </summary>
    public async Task WaitForReplayAsync(CancellationToken ct)
    {
        string target;
        await using (var primary = new NpgsqlConnection(Unpooled(Primary)))
        {
            await primary.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()::text", primary);
            target = (string)(await command.ExecuteScalarAsync(ct))!;
        }

        await using var standby = new NpgsqlConnection(Unpooled(Standby));
        await standby.OpenAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", standby);
            command.Parameters.Add(new NpgsqlParameter { Value = target });
            if ((bool)(await command.ExecuteScalarAsync(ct))!)
            {
                return;
            }

            if (attempt >= 300)
            {
                throw new TimeoutException($"The standby did not replay up to {target}.");
            }

            await Task.Delay(50, ct);
        }
    }

    /// <summary>Pauses (or resumes) WAL replay on the standby: reads served by it stop seeing new writes.</summary>
    public async Task SetReplayPausedAsync(bool paused, CancellationToken ct)
    {
        await using var standby = new NpgsqlConnection(Unpooled(Standby));
        await standby.OpenAsync(ct);
        await using var command = new NpgsqlCommand(paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()", standby);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Waits until the standby accepts connections again (after <see cref="LocalPostgresCluster.StartServerAsync"/>).</summary>
    public async Task WaitForStandbyAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var standby = new NpgsqlConnection(Unpooled(Standby));
                await standby.OpenAsync(ct);
                return;
            }
            catch (NpgsqlException) when (attempt < 100)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Standby.DisposeAsync();
        }
        finally
        {
            await Primary.DisposeAsync();
        }
    }

    // The test's own connections are not pooled: a pooled one would outlive a standby restart.
    private static string Unpooled(LocalPostgresCluster cluster) =>
        new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Pooling = false }.ConnectionString;

    private static async Task<LocalPostgresCluster> CloneAsync(LocalPostgresCluster primary, CancellationToken ct)
    {
        var binaries = await PostgresBinaries.LocateAsync(null, ct) ?? throw new InvalidOperationException(PostgresBinaries.HowToGetThem);
        var root = Path.Combine(Path.GetTempPath(), "backend-tests-standby-" + Guid.NewGuid().ToString("N")[..12]);
        var dataDirectory = Path.Combine(root, "postgres");
        Directory.CreateDirectory(root);
        var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
        if (runAs is not null)
        {
            await ProcessRunner.RunAsync("chown", [$"{runAs}:", root], ct);
        }

        try
        {
            // -R writes standby.signal and primary_conninfo; -c fast starts the copy without waiting for a checkpoint.
            string[] arguments =
            [
                "-D", dataDirectory, "-R", "-X", "stream", "-c", "fast", "--no-sync", "-w",
                "-d", $"host=127.0.0.1 port={primary.Port} user={LocalPostgresCluster.SuperUser} password={primary.Password} application_name=test_standby",
            ];
            var copy = runAs is null
                ? await ProcessRunner.RunAsync(binaries.Tool("pg_basebackup"), arguments, ct)
                : await ProcessRunner.RunAsync("runuser", ["-u", runAs, "--", binaries.Tool("pg_basebackup"), .. arguments], ct);
            if (!copy.Succeeded)
            {
                throw new InvalidOperationException($"pg_basebackup failed: {copy.Output}");
            }

            // The primary's log came along with the copy; the standby starts its own.
            File.Delete(Path.Combine(dataDirectory, "server.log"));
            await File.WriteAllTextAsync(Path.Combine(root, "postgres.password"), primary.Password, ct);
            return await LocalPostgresCluster.StartAsync(
                new LocalPostgresCluster.Options(root, Durable: false, RemoveOnDispose: true, PgBin: null), NullLogger.Instance, ct);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }
}
