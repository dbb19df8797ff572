using System.Buffers;
using System.Globalization;
using System.Text;
using Backend.Api.Features.Events.Streaming;
using Backend.Data.Events;

namespace Backend.Api.Features.Events.Sse;

/// <summary>Writes <c>text/event-stream</c> frames: <c>id:</c> = position, <c>event:</c> = event type, <c>data:</c> = the platform event.</summary>
internal sealed class SseSink(HttpResponse response, string sourceModule) : IEventSink
{
    private static readonly byte[] Heartbeat = Encoding.UTF8.GetBytes(": heartbeat\n\n");

    public ValueTask SendAsync(EventRow row, CancellationToken ct)
    {
        var writer = response.BodyWriter;
        writer.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {row.Position}\nevent: {row.EventType}\ndata: ")));
        writer.Write(PlatformEvent.Serialize(row, sourceModule));
        writer.Write("\n\n"u8);
        EventsMetrics.Delivered.WithLabels("sse").Inc();
        return ValueTask.CompletedTask;
    }

    public ValueTask HeartbeatAsync(CancellationToken ct)
    {
        response.BodyWriter.Write(Heartbeat);
        return ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken ct) => await response.BodyWriter.FlushAsync(ct);

    /// <summary>The last frame when the service ends the stream: <c>event: close</c> with the reason.</summary>
    public async Task CloseAsync(StreamEnd end, CancellationToken ct)
    {
        var data = System.Text.Json.JsonSerializer.Serialize(new { reason = end.Reason, code = end.CloseCode, detail = end.Description });
        response.BodyWriter.Write(Encoding.UTF8.GetBytes("event: close\ndata: " + data + "\n\n"));
        await response.BodyWriter.FlushAsync(ct);
    }
}
