using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Backend.Data.LocalPostgres;

/// <summary>
/// A private PostgreSQL cluster run from the machine's binaries: created on first use, started on a free
/// loopback port, stopped on dispose. Serves <c>dotnet run</c> without DATABASE_URL and the test suite.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    public const string SuperUser = "backend";

    /// <param name="RootDirectory">Folder holding the data folder (<c>postgres/</c>) and its password file.</param>
    /// <param name="Durable">False trades crash safety for speed (fsync off); for throwaway test clusters.</param>
    /// <param name="RemoveOnDispose">Delete the whole root folder after stopping (test clusters).</param>
    /// <param name="PgBin">Folder of the PostgreSQL server binaries; null finds them (pg_config, /usr/lib/postgresql).</param>
    public sealed record Options(string RootDirectory, bool Durable, bool RemoveOnDispose, string? PgBin);

    private const string UnprivilegedUser = "postgres";
    private readonly PostgresBinaries _binaries;
    private readonly Options _options;
    private readonly ILogger _logger;
    private readonly string? _runAsUser;
    private bool _ownsServer;

    private LocalPostgresCluster(PostgresBinaries binaries, Options options, string rootDirectory, string? runAsUser, ILogger logger)
    {
        _binaries = binaries;
        _options = options;
        _logger = logger;
        _runAsUser = runAsUser;
        RootDirectory = rootDirectory;
    }

    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "postgres");

    public int Port { get; private set; }

    public string Password { get; private set; } = string.Empty;

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Finds the binaries, creates the cluster if needed and starts it (or joins one already running there).</summary>
    public static async Task<LocalPostgresCluster> StartAsync(Options options, ILogger logger, CancellationToken ct)
    {
        var binaries = await PostgresBinaries.LocateAsync(options.PgBin, ct)
            ?? throw new LocalPostgresException(PostgresBinaries.HowToGetThem);
        var runAsUser = Environment.IsPrivilegedProcess ? UnprivilegedUser : null;
        if (runAsUser is not null && !(await ProcessRunner.RunAsync("id", ["-u", runAsUser], ct)).Succeeded)
        {
            throw new LocalPostgresException(
                $"PostgreSQL refuses to run as root and there is no '{runAsUser}' user to run it as. " +
                "Run as a normal user, create the user (apt-get install -y postgresql does), or set DATABASE_URL.");
        }

        var root = await ReachableRootAsync(Path.GetFullPath(options.RootDirectory), runAsUser, logger, ct);
        var cluster = new LocalPostgresCluster(binaries, options, root, runAsUser, logger);
        await cluster.InitializeAsync(ct);
        await cluster.StartServerAsync(ct);
        return cluster;
    }

    /// <summary>Starts the server on the cluster's port (a free one the first time). No-op when it runs already.</summary>
    public async Task StartServerAsync(CancellationToken ct)
    {
        if (await IsRunningAsync(ct))
        {
            if (Port == 0)
            {
                // Most likely left behind by a run that was killed; adopt it so it is stopped with this one.
                Port = ReadRunningPort();
                _ownsServer = true;
                _logger.LogInformation("Adopted the local PostgreSQL already running in {DataDirectory} on 127.0.0.1:{Port}", DataDirectory, Port);
            }

            return;
        }

        var fixedPort = Port != 0;
        for (var attempt = 1; ; attempt++)
        {
            if (!fixedPort)
            {
                Port = FreeLoopbackPort();
            }

            var settings = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=300";
            if (!_options.Durable)
            {
                settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }

            var logFile = Path.Combine(DataDirectory, "server.log");
            var result = await RunToolAsync("pg_ctl", ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", logFile, "-o", settings], ct);
            if (result.Succeeded)
            {
                _ownsServer = true;
                _logger.LogInformation("Local PostgreSQL started: data {DataDirectory}, 127.0.0.1:{Port}, log {LogFile}", DataDirectory, Port, logFile);
                return;
            }

            if (attempt >= 3 || fixedPort)
            {
                throw new LocalPostgresException(
                    $"The local PostgreSQL in {DataDirectory} did not start on port {Port}: {result.Output}. Its log: {logFile}");
            }
        }
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended).</summary>
    public async Task StopServerAsync(CancellationToken ct)
    {
        if (await IsRunningAsync(ct))
        {
            await RunToolAsync("pg_ctl", ["stop", "-w", "-t", "60", "-m", "fast", "-D", DataDirectory], ct);
            _logger.LogInformation("Local PostgreSQL stopped ({DataDirectory})", DataDirectory);
        }
    }

    /// <summary>Creates a database when it does not exist yet; returns its connection string.</summary>
    public async Task<string> EnsureDatabaseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = database });
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        return ConnectionString(database);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_ownsServer)
            {
                await StopServerAsync(CancellationToken.None);
            }
        }
        finally
        {
            if (_options.RemoveOnDispose && Directory.Exists(RootDirectory))
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
        }
    }

    private static async Task<string> ReachableRootAsync(string requested, string? runAsUser, ILogger logger, CancellationToken ct)
    {
        Directory.CreateDirectory(requested);
        if (runAsUser is null)
        {
            return requested;
        }

        await ProcessRunner.RunAsync("chown", [$"{runAsUser}:", requested], ct);
        if ((await ProcessRunner.RunAsync("runuser", ["-u", runAsUser, "--", "test", "-w", requested], ct)).Succeeded)
        {
            return requested;
        }

        // e.g. a checkout under /root: the postgres user cannot traverse the path, so keep the cluster in a
        // folder it can reach, one per checkout so two checkouts never share a cluster.
        var key = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requested)))[..12];
        var fallback = Path.Combine(Path.GetTempPath(), $"backend-postgres-{key}");
        Directory.CreateDirectory(fallback);
        await ProcessRunner.RunAsync("chown", [$"{runAsUser}:", fallback], ct);
        logger.LogWarning("User {User} cannot reach {Requested}; keeping the local PostgreSQL cluster in {Fallback}", runAsUser, requested, fallback);
        return fallback;
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        var passwordFile = Path.Combine(RootDirectory, "postgres.password");
        var versionFile = Path.Combine(DataDirectory, "PG_VERSION");
        var binariesMajor = await BinariesMajorVersionAsync(ct);
        if (File.Exists(versionFile))
        {
            var clusterMajor = (await File.ReadAllTextAsync(versionFile, ct)).Trim();
            if (clusterMajor != binariesMajor)
            {
                throw new LocalPostgresException(
                    $"{DataDirectory} was created by PostgreSQL {clusterMajor} but the binaries found are version {binariesMajor}. " +
                    $"Delete {DataDirectory} to start afresh, or set PG_BIN to PostgreSQL {clusterMajor}'s bin folder.");
            }

            if (!File.Exists(passwordFile))
            {
                throw new LocalPostgresException($"{DataDirectory} exists but its password file {passwordFile} is missing. Delete {RootDirectory} to start afresh.");
            }

            Password = (await File.ReadAllTextAsync(passwordFile, ct)).Trim();
            return;
        }

        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
        {
            throw new LocalPostgresException($"{DataDirectory} is not empty but holds no PostgreSQL cluster (a stale or interrupted setup). Delete it and start again.");
        }

        Directory.CreateDirectory(DataDirectory);
        Password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(passwordFile, Password, ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (_runAsUser is not null)
        {
            await ProcessRunner.RunAsync("chown", ["-R", $"{_runAsUser}:", RootDirectory], ct);
        }

        var init = await RunToolAsync(
            "initdb",
            ["-D", DataDirectory, "-U", SuperUser, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"],
            ct);
        if (!init.Succeeded)
        {
            Directory.Delete(DataDirectory, recursive: true);
            throw new LocalPostgresException($"initdb failed for {DataDirectory}: {init.Output}");
        }

        _logger.LogInformation("Created a local PostgreSQL {Version} cluster in {DataDirectory}", binariesMajor, DataDirectory);
    }

    private async Task<string> BinariesMajorVersionAsync(CancellationToken ct)
    {
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        var result = await ProcessRunner.RunAsync(_binaries.Tool("postgres"), ["--version"], ct);
        var version = result.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) ?? string.Empty;
        return version.Split('.')[0];
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct) =>
        (await RunToolAsync("pg_ctl", ["status", "-D", DataDirectory], ct)).Succeeded;

    private int ReadRunningPort()
    {
        // postmaster.pid: line 4 is the port.
        var lines = File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"));
        return int.Parse(lines[3].Trim(), CultureInfo.InvariantCulture);
    }

    private Task<ProcessRunner.Result> RunToolAsync(string tool, string[] arguments, CancellationToken ct) =>
        _runAsUser is null
            ? ProcessRunner.RunAsync(_binaries.Tool(tool), arguments, ct)
            : ProcessRunner.RunAsync("runuser", ["-u", _runAsUser, "--", _binaries.Tool(tool), .. arguments], ct);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
