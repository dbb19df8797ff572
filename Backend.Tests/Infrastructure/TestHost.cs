using System.Net.Http.Headers;
using System.Security.Cryptography;
using Backend.Api.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Backend.Tests.Infrastructure;

/// <summary>
/// The real service (same startup path as production: settings → database → migrations → Kestrel) on a fresh
/// database and a loopback port, with captured logs and a clock the test can move.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    private readonly BackendService _service;

    private TestHost(BackendService service, LogCapture logs, FakeTimeProvider time, Uri baseAddress, NpgsqlConnectionStringBuilder database)
    {
        _service = service;
        Logs = logs;
        Time = time;
        BaseAddress = baseAddress;
        Database = database;
        Client = CreateClient();
    }

    public HttpClient Client { get; }

    public Uri BaseAddress { get; }

    public LogCapture Logs { get; }

    public FakeTimeProvider Time { get; }

    public NpgsqlConnectionStringBuilder Database { get; }

    public NpgsqlDataSource DataSource => _service.DataSource;

    public IServiceProvider Services => _service.App.Services;

    public BackendSettings Settings => Services.GetRequiredService<BackendSettings>();

    /// <summary>Starts a host on a new database; <paramref name="environment"/> adds or overrides variables.</summary>
    public static async Task<TestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? environment = null,
        NpgsqlConnectionStringBuilder? database = null,
        CancellationToken ct = default,
        Action<IServiceCollection>? configureServices = null)
    {
        database ??= await TestPostgres.CreateDatabaseAsync(ct);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["DATABASE_URL"] = database.ConnectionString,
            ["PORT"] = "0",
            ["DB_POOL_SIZE"] = "5",
            ["DB_MAX_OVERFLOW"] = "5",
            ["DB_STARTUP_TIMEOUT"] = "30s",
            ["JWT_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            // Every test shares 127.0.0.1; rate-limit tests lower this again.
            ["AUTH_RATE_LIMIT"] = "100000",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var (settings, errors) = BackendSettings.Load(values);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid test settings: " + string.Join("; ", errors));
        }

        var logs = new LogCapture();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        time.AutoAdvanceAmount = TimeSpan.Zero;
        var service = await BackendService.StartAsync(settings, new HostingOptions
        {
            LogOutput = logs,
            Time = time,
            LoopbackOnly = true,
            EndpointAssemblies = [typeof(TestHost).Assembly],
            PoolName = "test-" + Guid.NewGuid().ToString("N")[..8],
            ConfigureServices = configureServices,
        }, ct);
        var address = service.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(service, logs, time, new Uri(address), database);
    }

    public HttpClient CreateClient(string? bearerToken = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _service.DisposeAsync();
    }
}
