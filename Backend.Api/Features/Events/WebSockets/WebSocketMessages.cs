using System.Net.WebSockets;
using System.Text.Json;
using Backend.Api.Features.Events.Streaming;

namespace Backend.Api.Features.Events.WebSockets;

/// <summary>
/// The client's side of the socket: <c>{"type":"subscribe","event_types":[…],"entity_ids":[…]}</c> replaces the filter
/// (answered with <c>subscribed</c>), <c>{"type":"ping"}</c> is answered with <c>pong</c>, anything else with an
/// <c>error</c> message. A close from the client, or a message over 16 KiB, ends the stream.
/// </summary>
internal sealed class WebSocketMessages(WebSocket socket, WebSocketSink sink, Subscription subscription, TimeProvider time)
{
    private const int MaxMessageBytes = 16 * 1024;

    public async Task ReceiveAsync(CancellationTokenSource stop)
    {
        var buffer = new byte[MaxMessageBytes];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        await sink.CloseAsync(1009, "messages are limited to 16 KiB", stop.Token);
                        return;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), stop.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Complete the handshake the client started (no-op when the server closed first).
                    await sink.CloseAsync((int)WebSocketCloseStatus.NormalClosure, "closed by the client", CancellationToken.None);
                    return;
                }

                await HandleAsync(buffer.AsSpan(0, length).ToArray(), stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // Closed from either side.
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private async Task HandleAsync(byte[] message, CancellationToken ct)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(message).RootElement;
        }
        catch (JsonException)
        {
            await ErrorAsync("the message is not JSON", ct);
            return;
        }

        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "ping":
                await sink.SendJsonAsync(new Dictionary<string, object?> { ["type"] = "pong", ["timestamp"] = PlatformEvent.Timestamp(time.GetUtcNow().UtcDateTime) }, ct);
                break;
            case "subscribe":
                var (filter, error) = EventFilter.Parse(Strings(root, "event_types"), Strings(root, "entity_ids"));
                if (filter is null)
                {
                    await ErrorAsync("invalid subscribe: " + error, ct);
                    return;
                }

                subscription.Filter = filter;
                await sink.SendJsonAsync(new Dictionary<string, object?>
                {
                    ["type"] = "subscribed",
                    ["event_types"] = filter.Types,
                    ["entity_ids"] = filter.EntityIds,
                    ["timestamp"] = PlatformEvent.Timestamp(time.GetUtcNow().UtcDateTime),
                }, ct);
                break;
            default:
                await ErrorAsync("unknown message type; send subscribe or ping", ct);
                break;
        }
    }

    private Task ErrorAsync(string detail, CancellationToken ct) =>
        sink.SendJsonAsync(new Dictionary<string, object?> { ["type"] = "error", ["detail"] = detail, ["timestamp"] = PlatformEvent.Timestamp(time.GetUtcNow().UtcDateTime) }, ct);

    private static IEnumerable<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : "?")
            : [];
}
