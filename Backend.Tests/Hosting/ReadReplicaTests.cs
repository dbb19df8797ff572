using System.Net;
using System.Text.Json;
using Backend.Api.Hosting;
using Backend.Api.Hosting.Metrics;
using Backend.Data.Postgres;
using Backend.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Backend.Tests.Hosting;

/// <summary>
/// DATABASE_READ_URL against a real hot standby streaming from the primary. Which server answered is observed without
/// any test-only endpoint: <c>pg_is_in_recovery()</c> through the service's read source, and replay paused on the
/// standby (writes then succeed on the primary while lists served by the standby do not show them yet).
/// </summary>
public sealed class ReadReplicaTests(ReadReplicaFixture fixture) : IClassFixture<ReadReplicaFixture>
{
    private TestHost Host => fixture.Host;

    private StreamingReplica Replica => fixture.Replica;

    private ReadDataSource Reads => Host.Services.GetRequiredService<ReadDataSource>();

    [Fact]
    public async Task Readiness_reports_the_primary_and_the_replica_with_its_lag_and_pool()
    {
        var body = await ReadinessAsync();

        body.GetProperty("status").GetString().ShouldBe("ready");
        body.GetProperty("database").GetProperty("status").GetString().ShouldBe("ok");
        var replica = body.GetProperty("replica");
        replica.GetProperty("status").GetString().ShouldBe("ok");
        replica.GetProperty("standby").GetBoolean().ShouldBeTrue();
        replica.GetProperty("lag_seconds").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        replica.GetProperty("latency_ms").GetDouble().ShouldBeGreaterThan(0);
        replica.GetProperty("pool").GetProperty("max").GetInt64().ShouldBe(Host.Settings.Pool.MaxPoolSize);
        replica.TryGetProperty("error", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task The_replica_pool_is_named_in_metrics_beside_the_primary_pool()
    {
        var primaryPool = Host.Services.GetRequiredService<PoolStatistics>().PoolName;
        (await Host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var scrape = await (await Host.Client.GetAsync(new Uri("/metrics", UriKind.Relative))).Content.ReadAsStringAsync();

        scrape.ShouldContain($"backend_db_pool_connections{{pool=\"{primaryPool}\",state=\"max\"}}");
        scrape.ShouldContain($"backend_db_pool_connections{{pool=\"{DatabaseStartup.ReplicaPoolName(primaryPool)}\",state=\"max\"}}");
    }

    [Fact]
    public async Task The_read_source_opens_on_the_standby_which_refuses_writes_with_25006()
    {
        await using var connection = await Reads.OpenConnectionAsync(default);
        await using var recovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
        ((bool)(await recovery.ExecuteScalarAsync())!).ShouldBeTrue();

        await using var write = new NpgsqlCommand("CREATE TEMP TABLE must_fail (id int)", connection);
        var refused = await Should.ThrowAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
        refused.SqlState.ShouldBe(PostgresErrorCodes.ReadOnlySqlTransaction);

        await using var primary = await Host.DataSource.OpenConnectionAsync();
        await using var primaryRecovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", primary);
        ((bool)(await primaryRecovery.ExecuteScalarAsync())!).ShouldBeFalse();
    }

    [Fact]
    public async Task Lists_search_and_neighbours_are_served_by_the_replica_while_writes_and_gets_by_id_use_the_primary()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var token = Guid.NewGuid().ToString("N")[..12];
        var a = await graph.CreateEntityAsync($"{token} a");
        var b = await graph.CreateEntityAsync($"{token} b");
        await Replica.WaitForReplayAsync(default);
        (await SearchAsync(graph, token)).ShouldBe([a, b], ignoreOrder: true);
        var refusalsBefore = RefusedWritesOnStandby();

        await Replica.SetReplayPausedAsync(true, default);
        try
        {
            // Writes succeed: they went to the primary (the standby would refuse them with 25006).
            var c = await graph.CreateEntityAsync($"{token} c");
            await graph.LinkAsync(a, b);
            using var patch = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/api/v1/entities/{a}", UriKind.Relative))
            {
                Content = new StringContent("{\"description\":\"changed\"}", System.Text.Encoding.UTF8, "application/merge-patch+json"),
            };
            patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            var patched = await graph.Http.SendAsync(patch);
            patched.StatusCode.ShouldBe(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());

            // Reading one's own write by id answers from the primary.
            (await graph.GetDataAsync($"/api/v1/entities/{c}")).GetProperty("id").GetGuid().ShouldBe(c);
            (await graph.GetDataAsync($"/api/v1/entities/{a}")).GetProperty("version").GetInt32().ShouldBe(2);

            // Lists, search and traversal answer from the standby, which has not replayed them yet.
            (await SearchAsync(graph, token)).ShouldBe([a, b], ignoreOrder: true);
            (await NeighbourIdsAsync(graph, a)).ShouldBe([a]);
            (await graph.GetDataAsync($"/api/v1/relationships?source_entity_id={a}")).GetArrayLength().ShouldBe(0);
        }
        finally
        {
            await Replica.SetReplayPausedAsync(false, default);
        }

        await Replica.WaitForReplayAsync(default);
        // Replay past the writes' WAL position normally makes them visible at once; under a loaded run the standby has
        // answered a search without the last write for a moment, so visibility gets a few seconds.
        var found = await SearchAsync(graph, token);
        for (var attempt = 0; found.Count != 3 && attempt < 50; attempt++)
        {
            await Task.Delay(200);
            found = await SearchAsync(graph, token);
        }

        found.Count.ShouldBe(3);
        (await NeighbourIdsAsync(graph, a)).ShouldBe([a, b], ignoreOrder: true);
        (await graph.GetDataAsync($"/api/v1/relationships?source_entity_id={a}")).GetArrayLength().ShouldBe(1);
        RefusedWritesOnStandby().ShouldBe(refusalsBefore);
    }

    [Fact]
    public async Task Reads_fall_back_to_the_primary_while_the_replica_is_stopped_and_return_to_it_when_it_is_back()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var token = Guid.NewGuid().ToString("N")[..12];
        await using (var held = await Reads.OpenConnectionAsync(default))
        {
            await using var recovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", held);
            ((bool)(await recovery.ExecuteScalarAsync())!).ShouldBeTrue();

            await Replica.Standby.StopServerAsync(default);

            // The read already on the standby fails like any database failure (503); its broken connection marks the
            // standby down and empties the pool, without a new connection attempt.
            var failure = await Should.ThrowAsync<Exception>(() => recovery.ExecuteScalarAsync());
            (DatabaseErrors.IsUnavailable(failure) || failure is InvalidOperationException).ShouldBeTrue(failure.ToString());
        }

        try
        {
            Reads.ReplicaDown.ShouldBeTrue();
            var down = await ReadinessAsync();
            down.GetProperty("status").GetString().ShouldBe("degraded");
            down.GetProperty("database").GetProperty("status").GetString().ShouldBe("ok");
            down.GetProperty("replica").GetProperty("status").GetString().ShouldBe("unavailable");
            down.GetProperty("replica").GetProperty("error").GetString().ShouldNotBeNullOrWhiteSpace();

            // Reads still answer, from the primary: no lag, so a write is listed at once.
            var created = await graph.CreateEntityAsync($"{token} x");
            (await SearchAsync(graph, token)).ShouldBe([created]);
            (await NeighbourIdsAsync(graph, created)).ShouldBe([created]);
            (await InRecoveryThroughReadSourceAsync()).ShouldBeFalse();
        }
        finally
        {
            await Replica.Standby.StartServerAsync(default);
            await Replica.WaitForStandbyAsync(default);
        }

        // Still backed off: reads stay on the primary until the back-off passes, then go back by themselves.
        (await InRecoveryThroughReadSourceAsync()).ShouldBeFalse();
        Host.Time.Advance(ReadDataSource.BackOff);
        (await InRecoveryThroughReadSourceAsync()).ShouldBeTrue();
        Reads.ReplicaDown.ShouldBeFalse();
        await Replica.WaitForReplayAsync(default);
        (await ReadinessAsync()).GetProperty("replica").GetProperty("status").GetString().ShouldBe("ok");
        (await SearchAsync(graph, token)).Count.ShouldBe(1);
    }

    private async Task<JsonElement> ReadinessAsync()
    {
        using var response = await Host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<bool> InRecoveryThroughReadSourceAsync()
    {
        await using var connection = await Reads.OpenConnectionAsync(default);
        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<Guid>> SearchAsync(GraphClient graph, string token) =>
        [.. (await graph.GetDataAsync($"/api/v1/entities?q={token}&limit=100")).EnumerateArray().Select(e => e.GetProperty("id").GetGuid())];

    private static async Task<List<Guid>> NeighbourIdsAsync(GraphClient graph, Guid id) =>
        [.. (await graph.GetDataAsync($"/api/v1/entities/{id}/neighbors?depth=1")).GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetGuid())];

    // Statements the standby refused because it is read-only ("cannot execute … in a read-only transaction").
    private int RefusedWritesOnStandby() =>
        File.Exists(Replica.StandbyLog)
            ? File.ReadLines(Replica.StandbyLog).Count(line => line.Contains("read-only transaction", StringComparison.Ordinal))
            : 0;
}
