using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Events;

/// <summary>A real WebSocket client (ClientWebSocket) on /ws/updates that reads JSON messages.</summary>
internal sealed class WsStream : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private WsStream(ClientWebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public static async Task<WsStream> ConnectAsync(TestHost host, string query = "", string? bearer = null)
    {
        var socket = new ClientWebSocket();
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        var uri = new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = "/ws/updates", Query = query }.Uri;
        using var timeout = new CancellationTokenSource(SseStream.Patience);
        await socket.ConnectAsync(uri, timeout.Token);
        return new WsStream(socket);
    }

    /// <summary>The next JSON message other than a heartbeat, or null when the server closed the socket.</summary>
    public async Task<JsonElement?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(SseStream.Patience);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            var json = JsonDocument.Parse(message.ToArray()).RootElement;
            if (json.GetProperty("type").GetString() != "heartbeat")
            {
                return json;
            }
        }
    }

    public async Task<List<JsonElement>> ReadUntilAsync(Func<JsonElement, bool> predicate)
    {
        var messages = new List<JsonElement>();
        while (true)
        {
            var message = await NextAsync() ?? throw new InvalidOperationException($"The socket closed ({CloseStatus} {CloseDescription}) before the expected message.");
            messages.Add(message);
            if (predicate(message))
            {
                return messages;
            }
        }
    }

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already gone.
            }
        }

        _socket.Dispose();
    }
}
