using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Backend.Tests.Faults;

public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task Stopping_the_database_under_load_gives_503s_not_500s_and_every_acknowledged_create_survives()
    {
        await using var cluster = await TestPostgres.StartPrivateClusterAsync();
        var database = new NpgsqlConnectionStringBuilder(await cluster.EnsureDatabaseAsync("backend", default));
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["DB_COMMAND_TIMEOUT"] = "3s",
            ["DB_POOL_TIMEOUT"] = "2s",
            ["HEALTH_CHECK_TIMEOUT"] = "1s",
        }, database);
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);
        var client = host.CreateClient(token);
        var created = new ConcurrentBag<Guid>();
        var statuses = new ConcurrentBag<(HttpStatusCode Status, string? MediaType, TimeSpan Elapsed)>();
        using var stop = new CancellationTokenSource();

        async Task WorkerAsync(int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await client.PostAsJsonAsync(new Uri("/api/v1/entities", UriKind.Relative), new { name = $"Load {worker}-{i}", type = "load_test" });
                statuses.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, clock.Elapsed));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    created.Add(body.RootElement.GetProperty("data").GetProperty("id").GetGuid());
                }
                else
                {
                    await Task.Delay(50);
                }
            }
        }

        var workers = Enumerable.Range(0, 4).Select(WorkerAsync).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await cluster.StopServerAsync(default);
        await Task.Delay(TimeSpan.FromSeconds(1));
        (await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.StartServerAsync(default);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        statuses.ShouldNotContain(s => (int)s.Status >= 500 && s.Status != HttpStatusCode.ServiceUnavailable);
        statuses.Where(s => s.Status != HttpStatusCode.Created).ShouldAllBe(s => s.Status == HttpStatusCode.ServiceUnavailable && s.MediaType == "application/problem+json");
        statuses.ShouldContain(s => s.Status == HttpStatusCode.ServiceUnavailable);
        statuses.Max(s => s.Elapsed).ShouldBeLessThan(TimeSpan.FromSeconds(10));
        (await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var afterwards = await client.PostAsJsonAsync(new Uri("/api/v1/entities", UriKind.Relative), new { name = "After the outage", type = "load_test" });
        afterwards.StatusCode.ShouldBe(HttpStatusCode.Created);
        await using var connection = await host.DataSource.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<Guid>("SELECT id FROM backend_entities.entities WHERE id = ANY(@ids)", new { ids = created.ToArray() })).ToHashSet();
        created.Where(id => !stored.Contains(id)).ShouldBeEmpty();
    }
}
