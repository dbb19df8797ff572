using System.Text.Json.Serialization.Metadata;

namespace Backend.Api.Http;

/// <summary>
/// A 200 JSON answer like <see cref="Represent.Ok{T}"/> (no ETag), written with the given type metadata, e.g. from a
/// source-generated context whose options match <see cref="ApiJson.Options"/>, so large bodies skip reflection.
/// </summary>
internal sealed class TypedRepresentation<T>(T body, JsonTypeInfo<T> typeInfo) : IResult, IRepresentation, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public int? StatusCode => 200;

    public T Value => body;

    object? IValueHttpResult.Value => body;

    public string? Location => null;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = 200;
        return httpContext.Response.WriteAsJsonAsync(body, typeInfo, "application/json; charset=utf-8", httpContext.RequestAborted);
    }
}
