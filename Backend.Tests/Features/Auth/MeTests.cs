using System.Net;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Auth;

public sealed class MeTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Me_returns_the_callers_account()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("id").GetGuid().ShouldBe(userId);
        data.GetProperty("last_login_at").GetString().ShouldEndWith("Z");
    }

    [Fact]
    public async Task Me_without_a_token_is_a_401_problem_with_www_authenticate()
    {
        using var response = await Host.Client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Fact]
    public async Task Every_log_line_of_an_authenticated_request_carries_the_user_id()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        using var client = Host.CreateClient(token);

        using var response = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        var requestId = response.Headers.GetValues("X-Request-ID").Single();

        var summary = await Host.Logs.WaitForAsync(e => e.GetProperty("request_id").GetString() == requestId && e.TryGetProperty("status_code", out _));
        summary.GetProperty("user_id").GetString().ShouldBe(userId.ToString());
        summary.GetProperty("role").GetString().ShouldBe("admin");
    }
}
