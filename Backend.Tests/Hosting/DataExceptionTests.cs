using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

/// <summary>Safety net: a PostgreSQL data exception (SQLSTATE class 22) caused by a request value answers 400 naming the parameter, and logs a warning; never 500.</summary>
public sealed class DataExceptionTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_value_the_database_refuses_is_400_naming_the_parameter_with_a_warning()
    {
        using var response = await Host.Client.GetAsync(new Uri("/api/v1/test-probes/db-value?number=twelve", UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().ShouldBe("urn:backend:problem:invalid-value");
        problem.GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("number");
        problem.GetProperty("errors")[0].GetProperty("rule").GetString().ShouldBe("database_value");
        var requestId = problem.GetProperty("request_id").GetString();
        var line = await Host.Logs.WaitForAsync(e => e.TryGetProperty("request_id", out var id) && id.GetString() == requestId && e.GetProperty("level").GetString() == "WARNING");
        line.GetRawText().ShouldContain("number");
        line.GetRawText().ShouldContain("22P02");
    }

    [Fact]
    public async Task A_value_the_database_accepts_is_answered_normally()
    {
        using var response = await Host.Client.GetAsync(new Uri("/api/v1/test-probes/db-value?number=12", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
