using System.Net.WebSockets;
using System.Text.Json;
using Backend.Api.Features.Events.Streaming;
using Prometheus;

namespace Backend.Api.Features.Events.WebSockets;

/// <summary>Sends the UI's messages (<c>{type, data, timestamp, id, …}</c>) on a WebSocket, one send at a time.</summary>
internal sealed class WebSocketSink(WebSocket socket, TimeProvider time) : IEventSink, IDisposable
{
    private static readonly Counter.Child Delivered = EventsMetrics.Delivered.WithLabels("websocket");
    private readonly SemaphoreSlim _send = new(1, 1);

    public async ValueTask SendAsync(LiveEvent live, CancellationToken ct)
    {
        await SendRawAsync(live.WebSocketMessage(PlatformEvent.SerializeMessage), ct);
        Delivered.Inc();
    }

    public async ValueTask HeartbeatAsync(CancellationToken ct) =>
        await SendJsonAsync(new Dictionary<string, object?> { ["type"] = "heartbeat", ["timestamp"] = PlatformEvent.Timestamp(time.GetUtcNow().UtcDateTime) }, ct);

    public ValueTask FlushAsync(CancellationToken ct) => ValueTask.CompletedTask;

    public Task SendJsonAsync(IReadOnlyDictionary<string, object?> message, CancellationToken ct) =>
        SendRawAsync(JsonSerializer.SerializeToUtf8Bytes(message), ct);

    public async Task CloseAsync(int code, string reason, CancellationToken ct)
    {
        await _send.WaitAsync(ct);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                // Close reasons are limited to 123 bytes by the protocol.
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason.Length > 120 ? reason[..120] : reason, ct);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task SendRawAsync(byte[] payload, CancellationToken ct)
    {
        await _send.WaitAsync(ct);
        try
        {
            await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _send.Release();
        }
    }

    public void Dispose() => _send.Dispose();
}
