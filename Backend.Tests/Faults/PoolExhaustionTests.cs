using System.Diagnostics;
using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Faults;

public sealed class PoolExhaustionTests
{
    [Fact]
    public async Task When_slow_queries_hold_every_connection_further_requests_get_503_within_the_pool_timeout_and_the_service_recovers()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["DB_POOL_SIZE"] = "2",
            ["DB_MAX_OVERFLOW"] = "0",
            ["DB_POOL_TIMEOUT"] = "1s",
        });
        var holders = Enumerable.Range(0, 2)
            .Select(_ => host.CreateClient().GetAsync(new Uri("/api/v1/test-probes/sleep?seconds=5&database=true", UriKind.Relative)))
            .ToList();
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var clock = Stopwatch.StartNew();
        var starved = await host.Client.GetAsync(new Uri("/api/v1/test-probes/sleep?seconds=0&database=true", UriKind.Relative));
        clock.Stop();

        var problem = await starved.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("type").GetString()!.ShouldEndWith("database-unavailable");
        starved.Headers.RetryAfter.ShouldNotBeNull();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(6), "a starved request must fail fast (DB_POOL_TIMEOUT=1s plus scheduling slack), not hang");
        (await host.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var holder in await Task.WhenAll(holders))
        {
            holder.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await host.Client.GetAsync(new Uri("/test-probes/sleep?seconds=0&database=true", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Client.GetAsync(new Uri("/api/v1/test-probes/sleep?seconds=0&database=true", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
