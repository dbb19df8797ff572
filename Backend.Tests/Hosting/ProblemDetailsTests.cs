using System.Net;
using System.Text;
using Backend.Tests.Infrastructure;
using Backend.Tests.Probes;

namespace Backend.Tests.Hosting;

public sealed class ProblemDetailsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Unknown_route_returns_404_problem_with_request_id()
    {
        var response = await Host.Client.GetAsync(new Uri("/api/v1/nope", UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("instance").GetString().ShouldBe("/api/v1/nope");
    }

    [Fact]
    public async Task Wrong_method_returns_405_problem_with_allow_header()
    {
        var response = await Host.Client.DeleteAsync(new Uri("/api/v1/info", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldContain("GET");
    }

    [Fact]
    public async Task Malformed_json_returns_400_problem_naming_the_body()
    {
        var response = await Host.Client.PostAsync(new Uri("/api/v1/test-probes/echo", UriKind.Relative), Json("{\"display_name\": \"ab\","));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors")[0];
        error.GetProperty("field").GetString().ShouldBe("body");
        error.GetProperty("rule").GetString().ShouldBe("json");
    }

    [Fact]
    public async Task Duplicated_json_keys_are_rejected_as_malformed()
    {
        var response = await Host.Client.PostAsync(new Uri("/api/v1/test-probes/echo", UriKind.Relative), Json("{\"display_name\": \"ab\", \"display_name\": \"cd\"}"));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Validation_failure_returns_400_naming_each_field_and_rule()
    {
        var response = await Host.Client.PostAsync(new Uri("/api/v1/test-probes/echo", UriKind.Relative), Json("{\"display_name\": \"far too long a name\", \"count\": 500}"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        errors.ShouldContain(e => e.GetProperty("field").GetString() == "display_name" && e.GetProperty("rule").GetString() == "maximum_length");
        errors.ShouldContain(e => e.GetProperty("field").GetString() == "count" && e.GetProperty("rule").GetString() == "inclusive_between");
    }

    [Fact]
    public async Task Valid_json_is_answered_in_the_envelope_in_snake_case()
    {
        var response = await Host.Client.PostAsync(new Uri("/api/v1/test-probes/echo", UriKind.Relative), Json("{\"display_name\": \"ada\", \"count\": 3}"));

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("display_name").GetString().ShouldBe("ada");
        data.GetProperty("count").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Wrong_content_type_returns_415_problem()
    {
        var response = await Host.Client.PostAsync(
            new Uri("/api/v1/test-probes/echo", UriKind.Relative),
            new StringContent("display_name=ada", Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Body_over_the_limit_returns_413_problem()
    {
        var padding = new string('x', (int)Host.Settings.MaxRequestBodyBytes + 10);
        var response = await Host.Client.PostAsync(
            new Uri("/api/v1/test-probes/echo", UriKind.Relative),
            Json($"{{\"display_name\": \"ada\", \"padding\": \"{padding}\"}}"));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Unhandled_exception_returns_500_without_internals_and_logs_the_stack_trace()
    {
        var response = await Host.Client.GetAsync(new Uri("/api/v1/test-probes/throw", UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        var body = problem.GetRawText();
        body.ShouldNotContain("hunter2");
        body.ShouldNotContain("InvalidOperationException");
        body.ShouldNotContain("ThrowProbeEndpoint");
        var requestId = problem.GetProperty("request_id").GetString();
        var line = await Host.Logs.WaitForAsync(e =>
            e.GetProperty("level").GetString() == "ERROR" && e.GetProperty("request_id").GetString() == requestId && e.TryGetProperty("exception", out _));
        line.GetProperty("exception").GetString()!.ShouldContain(ThrowProbeEndpoint.SecretMessage);
        line.GetProperty("exception").GetString()!.ShouldContain(nameof(ThrowProbeEndpoint));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
