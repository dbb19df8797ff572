using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Backend.Api.Hosting.Metrics;
using Backend.Api.Hosting.Pipeline;
using Backend.Api.Hosting.Settings;
using Backend.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Tests.Hosting;

/// <summary>
/// GET /metrics after real traffic. The Prometheus registry is process-wide and other hosts run alongside, so every
/// assertion looks for a series with given labels (or this host's pool), never for exact totals.
/// </summary>
public sealed partial class MetricsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    private string PoolName => Host.Services.GetRequiredService<PoolStatistics>().PoolName;

    [Fact]
    public async Task Request_series_are_labelled_by_method_route_template_and_status_never_by_raw_path()
    {
        var unknownPath = "/api/v1/no-such-route-" + Guid.NewGuid().ToString("N");
        var entityId = Guid.NewGuid();
        (await Host.Client.GetAsync("/api/v1/info")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Host.Client.GetAsync(unknownPath)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Host.Client.GetAsync($"/api/v1/entities/{entityId}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Host.Client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var scrape = await ScrapeAsync(Host.Client);

        scrape.ShouldContainSeries("backend_http_requests_total", ("method", "GET"), ("route", "/api/v1/info"), ("status", "200"));
        scrape.ShouldContainSeries("backend_http_requests_total", ("method", "GET"), ("route", RouteTemplate.Unmatched), ("status", "404"));
        scrape.ShouldContainSeries("backend_http_requests_total", ("method", "GET"), ("route", "/api/v1/entities/{id:guid}"), ("status", "401"));
        scrape.ShouldContainSeries("backend_http_requests_total", ("method", "GET"), ("route", "/health/ready"), ("status", "200"));
        scrape.ShouldContainSeries("backend_http_request_duration_seconds_bucket", ("method", "GET"), ("route", "/api/v1/info"), ("status", "200"), ("le", "0.005"));
        scrape.ShouldContainSeries("backend_http_request_duration_seconds_bucket", ("route", "/api/v1/info"), ("le", "10"));
        scrape.ShouldContainSeries("backend_http_request_duration_seconds_count", ("route", RouteTemplate.Unmatched), ("status", "404"));
        scrape.ShouldContainSeries("backend_http_requests_in_progress");
        scrape.Text.ShouldNotContain(unknownPath);
        scrape.Text.ShouldNotContain(entityId.ToString());
        scrape.Series.Where(s => s.Name == "backend_http_requests_total").ShouldAllBe(s => s.Labels["route"].StartsWith('/') || s.Labels["route"] == RouteTemplate.Unmatched);
    }

    [Fact]
    public async Task The_scrape_is_prometheus_text_with_pool_gauges_command_durations_and_schema_version()
    {
        (await Host.Client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var scrape = await ScrapeAsync(Host.Client);

        scrape.ContentType.ShouldBe("text/plain");
        scrape.Text.ShouldContain("# TYPE backend_http_requests_total counter");
        scrape.Text.ShouldContain("# TYPE backend_db_pool_connections gauge");
        scrape.ShouldContainSeries("backend_db_pool_connections", ("pool", PoolName), ("state", "busy"));
        scrape.ShouldContainSeries("backend_db_pool_connections", ("pool", PoolName), ("state", "idle"));
        // DB_POOL_SIZE 5 + DB_MAX_OVERFLOW 5 in TestHost.
        scrape.Value("backend_db_pool_connections", ("pool", PoolName), ("state", "max")).ShouldBe(10);
        scrape.Value("backend_db_command_duration_seconds_count", ("pool", PoolName)).ShouldBeGreaterThan(0);
        scrape.ShouldContainSeries("backend_db_command_duration_seconds_bucket", ("pool", PoolName), ("le", "0.001"));
        scrape.Value("backend_schema_version").ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Auth_counters_process_and_runtime_figures_are_published()
    {
        var scrape = await ScrapeAsync(Host.Client);

        scrape.ShouldContainSeries("backend_login_attempts_total", ("outcome", "success"));
        scrape.ShouldContainSeries("backend_login_attempts_total", ("outcome", "failure"));
        scrape.ShouldContainSeries("backend_login_attempts_total", ("outcome", "locked"));
        scrape.ShouldContainSeries("backend_lockouts_total");
        scrape.ShouldContainSeries("backend_refresh_token_reuse_total");
        scrape.ShouldContainSeries("backend_rate_limit_rejections_total", ("policy", "auth"));
        scrape.Series.ShouldContain(s => s.Name.StartsWith("process_", StringComparison.Ordinal));
        scrape.Series.ShouldContain(s => s.Name.StartsWith("dotnet_", StringComparison.Ordinal));
        scrape.ShouldContainSeries("process_cpu_seconds_total");
        scrape.ShouldContainSeries("dotnet_total_memory_bytes");
        scrape.Series.ShouldContain(s => s.Name.StartsWith("system_runtime_dotnet_gc_", StringComparison.Ordinal));
        // The meter bridge carries the runtime only: Npgsql's own series would duplicate backend_db_*.
        scrape.Series.ShouldNotContain(s => s.Name.StartsWith("npgsql_", StringComparison.Ordinal) || s.Name.StartsWith("private_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stopped_host_takes_its_pool_series_with_it()
    {
        string stoppedPool;
        await using (var other = await TestHost.StartAsync())
        {
            stoppedPool = other.Services.GetRequiredService<PoolStatistics>().PoolName;
            (await ScrapeAsync(other.Client)).ShouldContainSeries("backend_db_pool_connections", ("pool", stoppedPool), ("state", "max"));
        }

        var scrape = await ScrapeAsync(Host.Client);

        scrape.Series.ShouldNotContain(s => s.Labels.GetValueOrDefault("pool") == stoppedPool);
        scrape.ShouldContainSeries("backend_db_pool_connections", ("pool", PoolName), ("state", "max"));
    }

    [Fact]
    public async Task With_METRICS_TOKEN_set_only_the_right_bearer_token_scrapes()
    {
        const string token = "a-metrics-token-for-tests-0123456789";
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["METRICS_TOKEN"] = token });

        var anonymous = await host.Client.GetAsync("/metrics");
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer");

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
        (await (await host.Client.SendAsync(wrong)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized))
            .GetProperty("type").GetString().ShouldBe("urn:backend:problem:unauthorized");

        using var basic = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        await (await host.Client.SendAsync(basic)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var authorized = host.CreateClient(token);
        var scrape = await ScrapeAsync(authorized);
        scrape.ShouldContainSeries("backend_http_requests_total", ("method", "GET"), ("route", "/metrics"), ("status", "401"));
        scrape.ShouldContainSeries("backend_db_pool_connections", ("state", "max"));
    }

    [Fact]
    public void A_METRICS_TOKEN_shorter_than_16_characters_is_a_settings_error()
    {
        var (_, errors) = BackendSettings.Load(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["METRICS_TOKEN"] = "short",
        });

        errors.ShouldContain(e => e.StartsWith("METRICS_TOKEN:", StringComparison.Ordinal) && e.Contains("16"));
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return new Scrape(response.Content.Headers.ContentType?.MediaType, text, Parse(text));
    }

    private static List<Sample> Parse(string text) =>
        text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => SampleLine().Match(line))
            .Where(match => match.Success)
            .Select(match => new Sample(
                match.Groups["name"].Value,
                LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value, StringComparer.Ordinal),
                double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LabelPair();

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    private sealed record Scrape(string? ContentType, string Text, List<Sample> Series)
    {
        public void ShouldContainSeries(string name, params (string Key, string Value)[] labels) =>
            Find(name, labels).ShouldNotBeEmpty($"no {name} series with {string.Join(", ", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}");

        public double Value(string name, params (string Key, string Value)[] labels) => Find(name, labels).ShouldHaveSingleItem().Value;

        private List<Sample> Find(string name, (string Key, string Value)[] labels) =>
            Series.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
    }
}
