using System.Net;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

/// <summary>Over-long request targets and oversized headers are answered as problems, like every other error.</summary>
public sealed class RequestLimitsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_request_target_over_8_kb_gets_a_414_problem_with_request_id_and_security_headers()
    {
        var response = await Host.Client.GetAsync(new Uri("/api/v1/entities?a=" + new string('x', 9000), UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestUriTooLong);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var requestId = response.Headers.GetValues("X-Request-ID").Single();
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(414);
        problem.GetProperty("type").GetString().ShouldBe("urn:backend:problem:uri-too-long");
        problem.GetProperty("request_id").GetString().ShouldBe(requestId);
    }

    [Fact]
    public async Task Headers_over_32_kb_get_a_431_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/info", UriKind.Relative));
        for (var i = 0; i < 5; i++)
        {
            request.Headers.Add("X-Padding-" + i, new string('p', 8000));
        }

        var response = await Host.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestHeaderFieldsTooLarge);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        response.Headers.Contains("X-Request-ID").ShouldBeTrue();
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32().ShouldBe(431);
    }
}
