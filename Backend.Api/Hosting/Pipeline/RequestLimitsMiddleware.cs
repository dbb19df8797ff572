using Backend.Api.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// The request-size limits Kestrel would otherwise enforce with an empty body: a request target over 8 KB gets a 414
/// problem and headers over 32 KB a 431 problem, with the request id and security headers like every other error.
/// Kestrel's own limits sit above these (<see cref="KestrelRequestLineBytes"/>, <see cref="KestrelHeaderBytes"/>) and
/// only catch what is far beyond them.
/// </summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next)
{
    public const int MaxRequestTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int KestrelRequestLineBytes = 64 * 1024;
    public const int KestrelHeaderBytes = 96 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > MaxRequestTargetBytes)
        {
            await Problems.WriteAsync(context, Problems.Create(context, StatusCodes.Status414UriTooLong,
                $"The request target (path and query) may be at most {MaxRequestTargetBytes} bytes.", "uri-too-long"));
            return;
        }

        var headerBytes = 0L;
        foreach (var (name, values) in context.Request.Headers)
        {
            headerBytes += name.Length + 4;
            foreach (var value in values)
            {
                headerBytes += value?.Length ?? 0;
            }
        }

        if (headerBytes > MaxHeaderBytes)
        {
            await Problems.WriteAsync(context, Problems.Create(context, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request headers may be at most {MaxHeaderBytes} bytes in total.", "headers-too-large"));
            return;
        }

        await next(context);
    }
}
