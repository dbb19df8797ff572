using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Auth;

/// <summary>Per-client-IP limit on the auth endpoints, and X-Forwarded-For honoured only from TRUSTED_PROXIES.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Exceeding_the_limit_answers_429_problem_with_retry_after()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["AUTH_RATE_LIMIT"] = "3", ["AUTH_RATE_WINDOW"] = "1m" });

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await Login(host, null);
            allowed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var limited = await Login(host, null);
        var problem = await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("type").GetString().ShouldBe("urn:backend:problem:rate-limited");
        int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        using var me = await host.Client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        me.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "non-auth-flow endpoints are not limited by the auth policy");
    }

    [Fact]
    public async Task Forwarded_for_is_ignored_unless_the_proxy_is_trusted()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["AUTH_RATE_LIMIT"] = "1" });

        using var first = await Login(host, "203.0.113.1");
        using var second = await Login(host, "203.0.113.2");

        first.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        second.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "a client cannot pick its own address");
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["AUTH_RATE_LIMIT"] = "1", ["TRUSTED_PROXIES"] = "127.0.0.1,::1" });

        using var first = await Login(host, "203.0.113.1");
        using var second = await Login(host, "203.0.113.2");
        using var firstAgain = await Login(host, "203.0.113.1");

        first.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        second.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        firstAgain.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private static Task<HttpResponseMessage> Login(TestHost host, string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/token", UriKind.Relative))
        {
            Content = JsonContent.Create(new { email = AuthHelper.NewEmail(), password = "not the right password" }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return host.Client.SendAsync(request);
    }
}
