using System.Buffers;
using System.Globalization;
using System.Text;
using Backend.Api.Features.Events.Streaming;
using Backend.Data.Events;
using Prometheus;

namespace Backend.Api.Features.Events.Sse;

/// <summary>Writes <c>text/event-stream</c> frames: <c>id:</c> = position, <c>event:</c> = event type, <c>data:</c> = the platform event.</summary>
internal sealed class SseSink : IEventSink
{
    private static readonly byte[] Heartbeat = Encoding.UTF8.GetBytes(": heartbeat\n\n");
    private static readonly Counter.Child Delivered = EventsMetrics.Delivered.WithLabels("sse");
    private readonly HttpResponse _response;
    private readonly Func<EventRow, byte[]> _frame;

    public SseSink(HttpResponse response, string sourceModule)
    {
        _response = response;
        _frame = row => Frame(row, sourceModule);
    }

    public ValueTask SendAsync(LiveEvent live, CancellationToken ct)
    {
        _response.BodyWriter.Write(live.SseFrame(_frame));
        Delivered.Inc();
        return ValueTask.CompletedTask;
    }

    public ValueTask HeartbeatAsync(CancellationToken ct)
    {
        _response.BodyWriter.Write(Heartbeat);
        return ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken ct) => await _response.BodyWriter.FlushAsync(ct);

    /// <summary>The last frame when the service ends the stream: <c>event: close</c> with the reason.</summary>
    public async Task CloseAsync(StreamEnd end, CancellationToken ct)
    {
        var data = System.Text.Json.JsonSerializer.Serialize(new { reason = end.Reason, code = end.CloseCode, detail = end.Description });
        _response.BodyWriter.Write(Encoding.UTF8.GetBytes("event: close\ndata: " + data + "\n\n"));
        await _response.BodyWriter.FlushAsync(ct);
    }

    /// <summary>One whole frame: <c>id: …\nevent: …\ndata: {platform event}\n\n</c>.</summary>
    private static byte[] Frame(EventRow row, string sourceModule)
    {
        var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {row.Position}\nevent: {row.EventType}\ndata: "));
        var body = PlatformEvent.Serialize(row, sourceModule);
        var frame = new byte[head.Length + body.Length + 2];
        head.CopyTo(frame, 0);
        body.CopyTo(frame, head.Length);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
