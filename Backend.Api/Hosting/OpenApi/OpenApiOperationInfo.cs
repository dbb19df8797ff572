using System.Text.RegularExpressions;
using Backend.Api.Http.OpenApi;
using FastEndpoints;
using Microsoft.AspNetCore.RateLimiting;

namespace Backend.Api.Hosting.OpenApi;

/// <summary>What the routing table knows about one documented operation (the document itself does not say it).</summary>
internal sealed partial record OpenApiOperationInfo(string? EndpointName, bool RateLimited, IReadOnlyList<string> OptionalInBody)
{
    public static readonly OpenApiOperationInfo Unknown = new(null, false, []);

    /// <summary>Indexes <paramref name="endpoints"/> by <c>"METHOD /path/{param}"</c>, the way the document spells operations.</summary>
    public static Dictionary<string, OpenApiOperationInfo> Index(IEnumerable<Endpoint> endpoints)
    {
        var index = new Dictionary<string, OpenApiOperationInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var definition = endpoint.Metadata.GetMetadata<EndpointDefinition>();
            var rateLimited = endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null
                && endpoint.Metadata.GetMetadata<DisableRateLimitingAttribute>() is null;
            var optional = definition?.ReqDtoType is { } request
                ? request.GetCustomAttributes(typeof(OptionalInBodyAttribute), false).Cast<OptionalInBodyAttribute>().SelectMany(a => a.Properties).ToList()
                : [];
            var info = new OpenApiOperationInfo(definition?.EndpointType.Name, rateLimited, optional);
            foreach (var method in methods)
            {
                index[Key(method, endpoint.RoutePattern.RawText ?? "")] = info;
            }
        }

        return index;
    }

    public static string Key(string method, string path) =>
        method.ToUpperInvariant() + " /" + Parameter().Replace(path.Trim('/'), "{$1}");

    // {id:guid}, {*rest}, {page?} → {id}, {rest}, {page}
    [GeneratedRegex(@"\{\**([^}:=?]+)[^}]*\}")]
    private static partial Regex Parameter();
}
