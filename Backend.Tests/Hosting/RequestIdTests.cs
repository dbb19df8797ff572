using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

public sealed class RequestIdTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_sane_incoming_request_id_is_echoed_in_header_meta_and_logs()
    {
        var requestId = "client-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/info");
        request.Headers.Add("X-Request-ID", requestId);

        var response = await Host.Client.SendAsync(request);

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("module_id").GetString().ShouldBe("backend");
        response.Headers.GetValues("X-Request-ID").Single().ShouldBe(requestId);
        var summary = await Host.Logs.WaitForAsync(e => e.GetProperty("request_id").GetString() == requestId && e.TryGetProperty("status_code", out _));
        summary.GetProperty("route_template").GetString().ShouldBe("/api/v1/info");
    }

    [Fact]
    public async Task A_problem_body_carries_the_incoming_request_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/missing");
        request.Headers.Add("X-Request-ID", "trace-42");

        var response = await Host.Client.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("request_id").GetString().ShouldBe("trace-42");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has spaces and <script>")]
    [InlineData("x")]
    public async Task An_absent_or_insane_request_id_is_replaced_by_a_generated_one(string incoming)
    {
        var value = incoming == "x" ? new string('x', 129) : incoming;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/info");
        if (value.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Request-ID", value);
        }

        var response = await Host.Client.SendAsync(request);

        await response.ShouldBeEnvelopeAsync();
        var echoed = response.Headers.GetValues("X-Request-ID").Single();
        echoed.ShouldNotBe(value);
        Guid.TryParse(echoed, out var id).ShouldBeTrue();
        id.Version.ShouldBe(7);
    }
}
