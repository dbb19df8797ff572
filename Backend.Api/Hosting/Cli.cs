using System.Globalization;
using Backend.Api.Features.Auth;
using Backend.Api.Features.Graph;
using Backend.Api.Hosting.Settings;
using Backend.Data;
using Backend.Data.LocalPostgres;
using Backend.Data.Migrations;
using Backend.Data.Postgres;
using Npgsql;
using Serilog.Extensions.Logging;

namespace Backend.Api.Hosting;

/// <summary>
/// Command-line modes for operators: <c>migrate status|script|apply</c> and <c>healthcheck</c>
/// (the container's HEALTHCHECK, so the image needs no curl).
/// </summary>
internal static class Cli
{
    public const string Usage = """
        Usage: Backend.Api [command]
          (no command)      run the service
          migrate status    list applied and pending migrations
          migrate script    print the pending SQL (with journal rows) without running it
          migrate apply     apply pending migrations and exit
          healthcheck       exit 0 when http://127.0.0.1:$PORT/health/ready answers 200
          admin create <email>
                            create an admin (password from ADMIN_PASSWORD, else the first line of stdin),
                            or promote the existing account of that email to admin (its password is kept)
          demo-data [<email>]
                            load a small demo graph (organizations, people, places, funding rounds) owned by
                            that account (default ADMIN_EMAIL); does nothing when it is loaded already
        """;

    public static async Task<int> RunAsync(string[] args, BackendSettings settings, Serilog.ILogger log, CancellationToken ct)
    {
        try
        {
            return args switch
            {
                ["migrate", var verb] when verb is "status" or "script" or "apply" => await MigrateAsync(verb, settings, log, ct),
                ["healthcheck"] => await HealthCheckAsync(settings, ct),
                ["admin", "create", var email] => await CreateAdminAsync(email, settings, log, ct),
                ["demo-data"] when settings.Auth.AdminEmail is { } owner => await LoadDemoGraphAsync(owner, settings, log, ct),
                ["demo-data", var owner] => await LoadDemoGraphAsync(owner, settings, log, ct),
                _ => Fail(Usage),
            };
        }
        catch (MigrationException exception)
        {
            return Fail(exception.Message);
        }
        catch (LocalPostgresException exception)
        {
            return Fail(exception.Message);
        }
        catch (DatabaseUnreachableException exception)
        {
            return Fail(exception.Message);
        }
        catch (InvalidOperationException exception)
        {
            return Fail(exception.Message);
        }
    }

    /// <summary>Runs <paramref name="work"/> against the configured database (or the local cluster, stopped afterwards).</summary>
    private static async Task<int> WithDatabaseAsync(
        BackendSettings settings, Serilog.ILogger log, bool migrate, Func<NpgsqlDataSource, SerilogLoggerFactory, Task<int>> work, CancellationToken ct)
    {
        using var loggerFactory = new SerilogLoggerFactory(log);
        var logger = loggerFactory.CreateLogger("Backend.Cli");
        var (connection, cluster) = await DatabaseStartup.ResolveAsync(settings, logger, ct);
        try
        {
            await using var dataSource = DataSourceFactory.Create(connection, settings.Pool, settings.ModuleId);
            await DatabaseStartup.WaitUntilReachableAsync(dataSource, settings.StartupTimeout, logger, ct);
            if (migrate && settings.MigrateOnStartup)
            {
                await new MigrationRunner(dataSource, MigrationScripts.Load(settings.MigrationsPath), loggerFactory.CreateLogger<MigrationRunner>()).ApplyAsync(ct);
            }

            return await work(dataSource, loggerFactory);
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    private static Task<int> LoadDemoGraphAsync(string owner, BackendSettings settings, Serilog.ILogger log, CancellationToken ct) =>
        WithDatabaseAsync(settings, log, migrate: true, async (dataSource, loggerFactory) =>
        {
            await using var services = FeatureServices(settings, dataSource, loggerFactory);
            Console.WriteLine(await services.GetRequiredService<DemoGraph>().LoadAsync(owner.Trim(), ct));
            return 0;
        }, ct);

    private static Task<int> MigrateAsync(string verb, BackendSettings settings, Serilog.ILogger log, CancellationToken ct) =>
        WithDatabaseAsync(settings, log, migrate: false, async (dataSource, loggerFactory) =>
        {
            var runner = new MigrationRunner(dataSource, MigrationScripts.Load(settings.MigrationsPath), loggerFactory.CreateLogger<MigrationRunner>());
            switch (verb)
            {
                case "status":
                    var status = await runner.GetStatusAsync(ct);
                    Console.WriteLine($"Schema version: {status.SchemaVersion}");
                    foreach (var applied in status.Applied)
                    {
                        Console.WriteLine($"applied  {applied.Name}  {applied.AppliedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}");
                    }

                    foreach (var pending in status.Pending)
                    {
                        Console.WriteLine($"pending  {pending.Name}");
                    }

                    break;
                case "script":
                    Console.Write(MigrationRunner.RenderPendingSql(await runner.GetStatusAsync(ct)));
                    break;
                default:
                    var names = await runner.ApplyAsync(ct);
                    Console.WriteLine(names.Count == 0 ? "Nothing to apply." : $"Applied: {string.Join(", ", names)}");
                    break;
            }

            return 0;
        }, ct);

    private static async Task<int> CreateAdminAsync(string email, BackendSettings settings, Serilog.ILogger log, CancellationToken ct)
    {
        var password = Environment.GetEnvironmentVariable("ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password) && Console.IsInputRedirected)
        {
            password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
        }

        return await WithDatabaseAsync(settings, log, migrate: true, async (dataSource, loggerFactory) =>
        {
            await using var services = FeatureServices(settings, dataSource, loggerFactory);
            Console.WriteLine(await services.GetRequiredService<AdminAccounts>().CreateOrPromoteAsync(email.Trim(), password, ct));
            return 0;
        }, ct);
    }

    /// <summary>The slices' services over this command's database, as the web host registers them (no endpoints, nothing started).</summary>
    private static ServiceProvider FeatureServices(BackendSettings settings, NpgsqlDataSource dataSource, ILoggerFactory loggerFactory)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(dataSource);
        services.AddSingleton(TimeProvider.System);
        services.AddBackendData(settings.Pool);
        services.AddAuthSlice(settings.Auth, TimeProvider.System);
        services.AddGraphSlice(settings.Graph);
        return services.BuildServiceProvider();
    }

    private static async Task<int> HealthCheckAsync(BackendSettings settings, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{settings.Port}/health/ready"), ct);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException)
        {
            return 1;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
