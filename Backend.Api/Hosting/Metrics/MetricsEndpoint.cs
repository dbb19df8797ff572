using System.Security.Cryptography;
using System.Text;
using Backend.Api.Http;
using Prometheus;

namespace Backend.Api.Hosting.Metrics;

/// <summary><c>GET /metrics</c> in Prometheus text format; when METRICS_TOKEN is set it wants <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointConventionBuilder MapBackendMetrics(this IEndpointRouteBuilder endpoints, string? token)
    {
        var expected = token is null ? null : Digest(token);
        var pipeline = endpoints.CreateApplicationBuilder()
            .Use(next => context => expected is null || Presents(context, expected) ? next(context) : ChallengeAsync(context))
            .UseMiddleware<MetricServerMiddleware>(new MetricServerMiddleware.Settings())
            .Build();
        return endpoints.MapGet(Path, pipeline).WithDisplayName("Prometheus metrics");
    }

    private static bool Presents(HttpContext context, byte[] expected)
    {
        const string scheme = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            // Comparing digests keeps the time independent of both the content and the length of the guess.
            && CryptographicOperations.FixedTimeEquals(Digest(header[scheme.Length..].Trim()), expected);
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    private static Task ChallengeAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
        return Problems.WriteAsync(context, Problems.Create(context, 401, "GET /metrics needs Authorization: Bearer with the METRICS_TOKEN."));
    }
}
