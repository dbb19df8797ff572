using System.Net;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Npgsql;

namespace Backend.Tests.Hosting.Operations;

public sealed class HealthTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Liveness_answers_ok()
    {
        var response = await Host.Client.GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("{\"status\":\"ok\"}");
    }

    [Fact]
    public async Task Readiness_reports_the_database_the_latest_schema_version_and_the_pool()
    {
        var response = await Host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("status").GetString().ShouldBe("ready");
        body.GetProperty("database").GetProperty("status").GetString().ShouldBe("ok");
        body.GetProperty("database").GetProperty("latency_ms").GetDouble().ShouldBeGreaterThan(0);
        body.GetProperty("schema_version").GetInt32().ShouldBe(Backend.Data.Migrations.MigrationScripts.Load(Host.Settings.MigrationsPath).Max(s => s.Number));
        body.GetProperty("pool").GetProperty("max").GetInt64().ShouldBe(Host.Settings.Pool.MaxPoolSize);
    }

    [Fact]
    public async Task The_three_schemas_exist_after_startup()
    {
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('backend_auth', 'backend_entities', 'backend_audit', 'backend_migrations')", connection);

        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(4);
    }
}

/// <summary>Stops and restarts a private cluster under a running service.</summary>
public sealed class HealthDuringOutageTests
{
    [Fact]
    public async Task Readiness_flips_to_503_while_the_database_is_down_and_back_when_it_returns()
    {
        await using var cluster = await TestPostgres.StartPrivateClusterAsync();
        var database = new NpgsqlConnectionStringBuilder(await cluster.EnsureDatabaseAsync("backend", default));
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["HEALTH_CHECK_TIMEOUT"] = "2s" }, database);
        (await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await cluster.StopServerAsync(default);

        var down = await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var problem = await down.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("type").GetString()!.ShouldEndWith("not-ready");
        down.Headers.RetryAfter.ShouldNotBeNull();
        (await host.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await cluster.StartServerAsync(default);

        var back = await WaitForStatusAsync(host, HttpStatusCode.OK);
        back.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<HttpStatusCode> WaitForStatusAsync(TestHost host, HttpStatusCode wanted)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 50 && status != wanted; i++)
        {
            status = (await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode;
            if (status != wanted)
            {
                await Task.Delay(200);
            }
        }

        return status;
    }
}
