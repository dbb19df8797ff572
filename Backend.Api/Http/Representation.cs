namespace Backend.Api.Http;

/// <summary>A JSON success answer as a value: status, body, and the ETag / Location that go with it.</summary>
internal sealed class Representation<T>(int status, T body, string? etag = null, string? location = null) : IResult, IRepresentation, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public int? StatusCode => status;

    public T Value => body;

    object? IValueHttpResult.Value => body;

    public string? ETag => etag;

    public string? Location => location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (etag is not null)
        {
            httpContext.Response.Headers.ETag = etag;
            httpContext.Response.Headers.CacheControl = "private, no-cache";
        }

        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }

        httpContext.Response.StatusCode = status;
        return httpContext.Response.WriteAsJsonAsync(body, ApiJson.Options, "application/json; charset=utf-8", httpContext.RequestAborted);
    }
}
