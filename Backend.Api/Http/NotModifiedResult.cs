namespace Backend.Api.Http;

/// <summary>304 Not Modified with the ETag and caching headers the 200 would have carried (RFC 9110 §15.4.5).</summary>
internal sealed class NotModifiedResult(int version) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.ETag = ETags.For(version);
        httpContext.Response.Headers.CacheControl = "private, no-cache";
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        return Task.CompletedTask;
    }
}
