using Backend.Api.Features.Auth;
using Backend.Api.Hosting.Logs;
using Backend.Api.Hosting.Metrics;
using Backend.Api.Hosting.Settings;
using Backend.Data.LocalPostgres;
using Backend.Data.Migrations;
using Backend.Data.Postgres;
using Npgsql;
using Serilog.Core;
using Serilog.Extensions.Logging;

namespace Backend.Api.Hosting;

/// <summary>
/// The startup order of the brief: logging → database reachable (with backoff) → migrations → endpoints.
/// Owns what it started (the local cluster, the data source, the web host) and releases it on dispose.
/// </summary>
internal sealed class BackendService : IAsyncDisposable
{
    private BackendService(WebApplication app, NpgsqlDataSource dataSource, NpgsqlDataSource? readReplica, LocalPostgresCluster? cluster, Logger logger)
    {
        App = app;
        DataSource = dataSource;
        ReadReplica = readReplica;
        Cluster = cluster;
        Logger = logger;
    }

    public WebApplication App { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The standby's pool (DATABASE_READ_URL), or null.</summary>
    public NpgsqlDataSource? ReadReplica { get; }

    public LocalPostgresCluster? Cluster { get; }

    public Logger Logger { get; }

    public static async Task<BackendService> StartAsync(BackendSettings settings, HostingOptions options, CancellationToken ct)
    {
        var logger = Logging.Create(settings.ModuleId, settings.LogLevel, options.LogOutput);
        var loggerFactory = new SerilogLoggerFactory(logger);
        var startupLog = loggerFactory.CreateLogger("Backend.Startup");
        if (settings.Auth.GeneratedSecret)
        {
            startupLog.LogWarning("JWT_SECRET is not set: signing tokens with a random per-process secret (Development only); tokens die on restart and are not shared between replicas");
        }

        LocalPostgresCluster? cluster = null;
        NpgsqlDataSource? dataSource = null;
        NpgsqlDataSource? readReplica = null;
        try
        {
            (var connection, cluster) = await DatabaseStartup.ResolveAsync(settings, startupLog, ct);
            dataSource = DataSourceFactory.Create(connection, settings.Pool, options.PoolName ?? settings.ModuleId);
            await DatabaseStartup.WaitUntilReachableAsync(dataSource, settings.StartupTimeout, startupLog, ct);

            var runner = new MigrationRunner(dataSource, MigrationScripts.Load(settings.MigrationsPath), loggerFactory.CreateLogger<MigrationRunner>());
            if (settings.MigrateOnStartup)
            {
                await runner.ApplyAsync(ct);
            }

            var status = await runner.GetStatusAsync(ct);
            if (status.Pending.Count > 0)
            {
                startupLog.LogWarning("MIGRATE_ON_STARTUP=false and {Count} migration(s) are pending: {Scripts}", status.Pending.Count, status.Pending.Select(p => p.Name));
            }

            BackendMetrics.SchemaVersion.Set(status.SchemaVersion);

            readReplica = DatabaseStartup.CreateReadReplica(settings, options.PoolName ?? settings.ModuleId, startupLog);
            var app = BackendApp.Build(settings, options, logger, dataSource, readReplica);
            await app.Services.GetRequiredService<AdminAccounts>().BootstrapAsync(ct);
            await app.StartAsync(ct);
            startupLog.LogInformation("Backend listening on {Addresses} ({Environment})", string.Join(", ", app.Urls), settings.Environment);
            return new BackendService(app, dataSource, readReplica, cluster, logger);
        }
        catch
        {
            if (readReplica is not null)
            {
                await readReplica.DisposeAsync();
            }

            if (dataSource is not null)
            {
                await dataSource.DisposeAsync();
            }

            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            await logger.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
        }
        finally
        {
            await DataSource.DisposeAsync();
            if (ReadReplica is not null)
            {
                await ReadReplica.DisposeAsync();
            }

            if (Cluster is not null)
            {
                await Cluster.DisposeAsync();
            }

            await Logger.DisposeAsync();
        }
    }
}
