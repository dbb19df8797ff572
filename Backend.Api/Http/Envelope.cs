using System.Text.Json.Serialization;

namespace Backend.Api.Http;

/// <summary>The success body: <c>{data, meta, errors: []}</c>.</summary>
internal sealed record Envelope<T>(T Data, ResponseMeta Meta, IReadOnlyList<object> Errors);

internal sealed record ResponseMeta(
    string RequestId,
    DateTimeOffset Timestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Pagination? Pagination = null);

internal sealed record Pagination(
    int Limit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Offset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Total,
    bool HasMore);

internal static class Envelope
{
    public static Envelope<T> Of<T>(HttpContext context, T data, Pagination? pagination = null) =>
        new(data, new ResponseMeta(context.TraceIdentifier, RequestClock.NowFor(context), pagination), []);
}
