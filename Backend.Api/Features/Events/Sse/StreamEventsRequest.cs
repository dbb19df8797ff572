using FastEndpoints;

namespace Backend.Api.Features.Events.Sse;

internal sealed class StreamEventsRequest
{
    /// <summary>Resume after this position (instead of the Last-Event-ID header).</summary>
    [QueryParam, BindFrom("after")]
    public long? After { get; init; }

    /// <summary>Comma-separated event types; a trailing <c>.*</c> matches a family (<c>entity.*</c>).</summary>
    [QueryParam, BindFrom("types")]
    public string? Types { get; init; }

    /// <summary>Comma-separated entity (or document/job) ids: only events about them.</summary>
    [QueryParam, BindFrom("entity_id")]
    public string? EntityIds { get; init; }
}
