using Microsoft.AspNetCore.Http.Features;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// A request without content (no Content-Length or Content-Length: 0, and not chunked) has no body, whatever its
/// Content-Type says (RFC 9110 §8.3, §8.6; axios and many SDKs send <c>Content-Type: application/json</c> on every request).
/// The header is dropped before routing, so the request is routed and bound exactly as the same request without it.
/// </summary>
internal sealed class BodilessRequestMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!HasContent(context))
        {
            context.Request.Headers.ContentType = default;
        }

        return next(context);
    }

    /// <summary>Whether the request carries content: a positive Content-Length, or a body the server detected (chunked).</summary>
    public static bool HasContent(HttpContext context) =>
        context.Request.ContentLength is { } length ? length > 0 : context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
}
