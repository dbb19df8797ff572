using Backend.Data.Events;

namespace Backend.Api.Features.Events.Streaming;

/// <summary>
/// A committed event on its way to the streams. The hub offers the same instance to every stream, and each wire form
/// (the SSE frame, the WebSocket message) is built by the first stream that sends it and reused by all the others:
/// with a thousand subscribers an event is serialised once per transport, not once per subscriber.
/// </summary>
internal sealed class LiveEvent(EventRow row)
{
    private byte[]? _sseFrame;
    private byte[]? _webSocketMessage;

    public EventRow Row { get; } = row;

    public long Position => Row.Position;

    // Two streams may build a form at the same time; both build the same bytes and either copy is kept.
    public byte[] SseFrame(Func<EventRow, byte[]> build) => _sseFrame ??= build(Row);

    public byte[] WebSocketMessage(Func<EventRow, byte[]> build) => _webSocketMessage ??= build(Row);
}
