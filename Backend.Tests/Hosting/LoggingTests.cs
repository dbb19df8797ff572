using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

public sealed class LoggingTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Every_request_writes_one_json_summary_line_with_the_standard_fields()
    {
        var requestId = "log-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/info");
        request.Headers.Add("X-Request-ID", requestId);

        await Host.Client.SendAsync(request);

        var line = await Host.Logs.WaitForAsync(e => e.GetProperty("request_id").GetString() == requestId && e.TryGetProperty("status_code", out _));
        line.GetProperty("level").GetString().ShouldBe("INFO");
        line.GetProperty("module_id").GetString().ShouldBe("backend");
        line.TryGetProperty("user_id", out var userId).ShouldBeTrue();
        userId.ValueKind.ShouldBe(JsonValueKind.Null);
        DateTimeOffset.Parse(line.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Offset.ShouldBe(TimeSpan.Zero);
        line.GetProperty("request_method").GetString().ShouldBe("GET");
        line.GetProperty("route_template").GetString().ShouldBe("/api/v1/info");
        line.GetProperty("status_code").GetInt32().ShouldBe(200);
        line.GetProperty("elapsed_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        line.GetProperty("message").GetString().ShouldBe($"HTTP GET /api/v1/info responded 200 in {line.GetProperty("elapsed_ms").GetDouble():0.0} ms");
        Host.Logs.Entries.Count(e => e.GetProperty("request_id").GetString() == requestId && e.TryGetProperty("status_code", out _)).ShouldBe(1);
    }

    [Fact]
    public async Task Every_line_is_a_single_json_object()
    {
        await Host.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Host.Logs.Lines.ShouldNotBeEmpty();
        foreach (var line in Host.Logs.Lines)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            root.ValueKind.ShouldBe(JsonValueKind.Object);
            var names = root.EnumerateObject().Select(p => p.Name).ToList();
            names.ShouldBeUnique();
            names.Take(6).ShouldBe(["timestamp", "level", "message", "module_id", "request_id", "user_id"]);
        }
    }
}

public sealed class LogLevelTests
{
    [Fact]
    public async Task LOG_LEVEL_WARNING_suppresses_information_lines()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["LOG_LEVEL"] = "WARNING" });

        var response = await host.Client.GetAsync(new Uri("/api/v1/nope", UriKind.Relative));
        await host.Client.GetAsync(new Uri("/api/v1/info", UriKind.Relative));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        await Task.Delay(200);
        host.Logs.Entries.ShouldNotContain(e => e.GetProperty("level").GetString() == "INFO");
    }
}
