using System.Text.RegularExpressions;
using Backend.Api.Hosting.Logs;
using Backend.Api.Http;
using Serilog.Context;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// First in the pipeline: settles the request id (taken from <c>X-Request-ID</c> when sane, else a new UUIDv7),
/// puts it on the log context (<see cref="RequestLogProperties"/>, on the request's features for the later stages) and the response, adds the security headers to every response, and gives the request its
/// <see cref="RequestClock"/>.
/// </summary>
internal sealed partial class RequestContextMiddleware(RequestDelegate next, RequestClock clock)
{
    public const string HeaderName = "X-Request-ID";
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private const string DocsPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; frame-ancestors 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var requestId = incoming.Length > 0 && SaneToken().IsMatch(incoming) ? incoming : Guid.CreateVersion7().ToString();
        context.TraceIdentifier = requestId;
        context.Features.Set(clock);
        var logProperties = new RequestLogProperties(requestId);
        context.Features.Set(logProperties);
        context.Response.OnStarting(static state =>
        {
            var ctx = (HttpContext)state;
            var headers = ctx.Response.Headers;
            headers[HeaderName] = ctx.TraceIdentifier;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ctx.Request.Path.StartsWithSegments("/api/v1/docs") || ctx.Request.Path.StartsWithSegments("/api/v1/redoc") ? DocsPolicy : ApiPolicy;
            if (ctx.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);

        using (LogContext.Push(logProperties))
        {
            await next(context);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:/+=\-]{1,128}$")]
    private static partial Regex SaneToken();
}
