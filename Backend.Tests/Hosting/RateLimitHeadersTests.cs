using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Hosting;

/// <summary>Rate-limited endpoints send RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers) besides Retry-After on 429.</summary>
public sealed partial class RateLimitHeadersTests
{
    [Fact]
    public async Task Every_limited_response_carries_the_policy_and_the_remaining_quota()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["AUTH_RATE_LIMIT"] = "3", ["AUTH_RATE_WINDOW"] = "1m" });

        var remaining = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await LoginAsync(host);
            allowed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            allowed.Headers.GetValues("RateLimit-Policy").Single().ShouldBe("\"auth\";q=3;w=60");
            var (r, t) = Parse(allowed.Headers.GetValues("RateLimit").Single());
            remaining.Add(r);
            t.ShouldBeInRange(1, 60);
        }

        using var limited = await LoginAsync(host);

        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        remaining.ShouldBe([2, 1, 0]);
        limited.Headers.GetValues("RateLimit-Policy").Single().ShouldBe("\"auth\";q=3;w=60");
        var (left, reset) = Parse(limited.Headers.GetValues("RateLimit").Single());
        left.ShouldBe(0);
        reset.ShouldBeInRange(1, 60);
        int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
    }

    [Fact]
    public async Task Endpoints_outside_the_policy_send_no_rate_limit_headers()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri("/api/v1/info", UriKind.Relative));

        response.Headers.Contains("RateLimit-Policy").ShouldBeFalse();
        response.Headers.Contains("RateLimit").ShouldBeFalse();
    }

    private static Task<HttpResponseMessage> LoginAsync(TestHost host) =>
        host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email = AuthHelper.NewEmail(), password = "not the right password" });

    private static (int Remaining, int Reset) Parse(string header)
    {
        var match = RateLimitField().Match(header);
        match.Success.ShouldBeTrue(header);
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("^\"auth\";r=(\\d+);t=(\\d+)$")]
    private static partial Regex RateLimitField();
}
