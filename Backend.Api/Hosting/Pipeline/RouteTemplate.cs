using System.Runtime.CompilerServices;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>The route template a request matched (<c>/api/v1/entities/{id}</c>), for logs and metrics: never the raw path, whose ids would explode label cardinality.</summary>
internal static class RouteTemplate
{
    public const string Unmatched = "(unmatched)";

    // One string per endpoint, built on first use: the request path never allocates it again.
    private static readonly ConditionalWeakTable<RouteEndpoint, string> Templates = new();

    public static string Of(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: not null } endpoint
            ? Templates.GetValue(endpoint, static e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            : Unmatched;
}
