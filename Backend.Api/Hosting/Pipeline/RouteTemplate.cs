namespace Backend.Api.Hosting.Pipeline;

/// <summary>The route template a request matched (<c>/api/v1/entities/{id}</c>), for logs and metrics: never the raw path, whose ids would explode label cardinality.</summary>
internal static class RouteTemplate
{
    public const string Unmatched = "(unmatched)";

    public static string Of(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } template
            ? "/" + template.TrimStart('/')
            : Unmatched;
}
