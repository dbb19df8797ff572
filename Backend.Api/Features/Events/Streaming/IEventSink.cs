namespace Backend.Api.Features.Events.Streaming;

/// <summary>A transport's side of a stream (SSE or WebSocket): write an event, a heartbeat, flush.</summary>
internal interface IEventSink
{
    public ValueTask SendAsync(LiveEvent live, CancellationToken ct);

    public ValueTask HeartbeatAsync(CancellationToken ct);

    public ValueTask FlushAsync(CancellationToken ct);
}
