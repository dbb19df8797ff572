using System.Net;
using Backend.Api.Hosting;
using Backend.Tests.Infrastructure;
using Npgsql;

namespace Backend.Tests.Startup;

public sealed class StartupRetryTests
{
    [Fact]
    public async Task The_service_waits_for_a_database_that_starts_later_and_becomes_ready_without_a_restart()
    {
        await using var cluster = await TestPostgres.StartPrivateClusterAsync();
        var database = new NpgsqlConnectionStringBuilder(await cluster.EnsureDatabaseAsync("backend", default));
        await cluster.StopServerAsync(default);

        var starting = TestHost.StartAsync(new Dictionary<string, string?> { ["DB_STARTUP_TIMEOUT"] = "60s" }, database);
        await Task.Delay(TimeSpan.FromSeconds(3));
        starting.IsCompleted.ShouldBeFalse();
        await cluster.StartServerAsync(default);

        await using var host = await starting;
        (await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var retries = host.Logs.Entries.Where(e => e.GetProperty("message").GetString()!.StartsWith("Database not reachable yet", StringComparison.Ordinal)).ToList();
        retries.Count.ShouldBeGreaterThanOrEqualTo(2);
        retries.ShouldAllBe(e => e.GetProperty("level").GetString() == "WARNING");
    }

    [Fact]
    public async Task The_service_gives_up_after_DB_STARTUP_TIMEOUT_with_a_clear_error()
    {
        await using var cluster = await TestPostgres.StartPrivateClusterAsync();
        var database = new NpgsqlConnectionStringBuilder(await cluster.EnsureDatabaseAsync("backend", default));
        await cluster.StopServerAsync(default);

        var failure = await Should.ThrowAsync<DatabaseUnreachableException>(
            () => TestHost.StartAsync(new Dictionary<string, string?> { ["DB_STARTUP_TIMEOUT"] = "2s" }, database));

        failure.Message.ShouldContain("DB_STARTUP_TIMEOUT");
    }
}
