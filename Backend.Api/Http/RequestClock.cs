namespace Backend.Api.Http;

/// <summary>
/// The clock of the app serving a request, put on <see cref="HttpContext.Features"/> by the pipeline's first middleware,
/// so response metadata (<c>meta.timestamp</c>) reads the same <see cref="TimeProvider"/> the endpoints are given.
/// </summary>
internal sealed class RequestClock(TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The request's clock; the system clock for a context the pipeline did not set up.</summary>
    public static DateTimeOffset NowFor(HttpContext context) =>
        context.Features.Get<RequestClock>()?.Now ?? TimeProvider.System.GetUtcNow();
}
