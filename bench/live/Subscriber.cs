using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace LiveBench;

/// <summary>
/// One live stream, SSE (HttpClient, streamed body read frame by frame) or WebSocket (ClientWebSocket with a ticket
/// from POST /api/v1/events/ticket). Connected once the service confirms the subscription joined its hub (the SSE
/// ": connected" comment, or the pong to a ping on the WebSocket). For every event it keeps: order, and the delay from
/// the event's timestamp to the moment its bytes were read, when that timestamp lies in the measured window.
/// </summary>
internal sealed class Subscriber(int id, bool webSocket, Run run)
{
    private static readonly byte[] Pong = Encoding.ASCII.GetBytes("\"type\":\"pong\"");

    public int Id { get; } = id;

    public string Transport { get; } = webSocket ? "websocket" : "sse";

    public TaskCompletionSource<bool> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Histogram Delays { get; } = new();

    public long Received { get; private set; }

    public long OutOfOrder { get; private set; }

    public long First { get; private set; }

    private long _last;

    public long Last => Volatile.Read(ref _last);

    /// <summary>Why the service closed the stream (e.g. slow_consumer, 4008), or the error that ended it; null while open.</summary>
    public string? Ended { get; private set; }

    public bool Dropped { get; private set; }

    public List<(int Probe, long Arrived)> ProbeArrivals { get; } = [];

    public async Task RunAsync(HttpClient http, Uri api, string token, CancellationToken ct)
    {
        try
        {
            if (webSocket)
            {
                await RunWebSocketAsync(http, api, token, ct);
            }
            else
            {
                await RunSseAsync(http, token, ct);
            }

            Ended ??= "closed by the server";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (Exception exception)
        {
            Ended = exception.GetType().Name + ": " + exception.Message;
        }
        finally
        {
            Connected.TrySetResult(false);
        }
    }

    private async Task RunSseAsync(HttpClient http, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            Ended = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}";
            return;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[16 * 1024];
        int start = 0, end = 0;
        while (true)
        {
            if (end == buffer.Length)
            {
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }
                else
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), ct);
            if (read == 0)
            {
                return;
            }

            var arrived = DateTime.UtcNow.Ticks;
            end += read;
            while (true)
            {
                var frame = buffer.AsSpan(start, end - start);
                var length = frame.IndexOf("\n\n"u8);
                if (length < 0)
                {
                    break;
                }

                SseFrame(frame[..length], arrived);
                start += length + 2;
            }

            if (start == end)
            {
                start = end = 0;
            }
        }
    }

    private void SseFrame(ReadOnlySpan<byte> frame, long arrived)
    {
        long position = 0;
        var close = false;
        ReadOnlySpan<byte> data = default;
        foreach (var range in frame.Split((byte)'\n'))
        {
            var line = frame[range];
            if (line.StartsWith("id: "u8))
            {
                position = Wire.Number(line[4..]);
            }
            else if (line.StartsWith("data: "u8))
            {
                data = line[6..];
            }
            else if (line.SequenceEqual("event: close"u8))
            {
                close = true;
            }
            else if (line.SequenceEqual(": connected"u8))
            {
                Connected.TrySetResult(true);
            }
        }

        if (close)
        {
            Closed(Encoding.UTF8.GetString(data));
        }
        else if (position > 0)
        {
            Event(position, data, arrived);
        }
    }

    private async Task RunWebSocketAsync(HttpClient http, Uri api, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/events/ticket");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            Ended = $"ticket: HTTP {(int)response.StatusCode}: {body}";
            return;
        }

        var ticket = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("ticket").GetString();
        using var socket = new ClientWebSocket();
        var ws = new UriBuilder(api) { Scheme = api.Scheme == "https" ? "wss" : "ws", Path = "/ws/updates", Query = "ticket=" + ticket }.Uri;
        await socket.ConnectAsync(ws, ct);
        await socket.SendAsync("{\"type\":\"ping\"}"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, ct);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            var arrived = DateTime.UtcNow.Ticks;
            if (result.MessageType == WebSocketMessageType.Close)
            {
                Closed($"{(int?)socket.CloseStatus} {socket.CloseStatusDescription}");
                return;
            }

            var message = buffer.AsSpan(0, length);
            if (Wire.Id(message) is > 0 and var position)
            {
                Event(position, message, arrived);
            }
            else if (message.IndexOf(Pong) >= 0)
            {
                Connected.TrySetResult(true);
            }
        }
    }

    private void Event(long position, ReadOnlySpan<byte> json, long arrived)
    {
        if (position <= _last)
        {
            OutOfOrder++;
        }
        else
        {
            Volatile.Write(ref _last, position);
        }

        if (First == 0)
        {
            First = position;
        }

        Received++;
        run.Seen(position);
        var committed = Wire.TimestampTicks(json);
        if (committed >= run.MeasureFrom && committed <= run.MeasureTo)
        {
            Delays.Record((arrived - committed) / 10);
        }

        if (Wire.Probe(json) is >= 0 and var probe && probe < run.ProbeCommitted.Length)
        {
            run.ProbeCommitted[probe] = committed;
            ProbeArrivals.Add((probe, arrived));
        }
    }

    private void Closed(string why)
    {
        Ended = "closed by the service: " + why;
        Dropped = why.Contains("slow_consumer", StringComparison.Ordinal) || why.StartsWith("4008", StringComparison.Ordinal);
    }
}
