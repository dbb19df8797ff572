using System.Globalization;
using System.Text.Json;
using Backend.Data.Events;

namespace Backend.Api.Features.Events;

/// <summary>
/// The platform's event shapes: <c>{event_id, event_type, timestamp, source_module, correlation_id, data}</c> (RabbitMQ,
/// SSE) and the UI's WebSocket message <c>{type, data, timestamp}</c> (plus <c>id</c> = position for resuming).
/// </summary>
internal static class PlatformEvent
{
    public static byte[] Serialize(EventRow row, string sourceModule)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", row.EventId);
            writer.WriteString("event_type", row.EventType);
            writer.WriteString("timestamp", Timestamp(row.OccurredAt));
            writer.WriteString("source_module", sourceModule);
            writer.WriteString("correlation_id", row.CorrelationId);
            writer.WritePropertyName("data");
            writer.WriteRawValue(row.Data, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] SerializeMessage(EventRow row)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", MessageType(row.EventType));
            writer.WriteNumber("id", row.Position);
            writer.WriteString("event_id", row.EventId);
            writer.WriteString("event_type", row.EventType);
            writer.WriteString("correlation_id", row.CorrelationId);
            writer.WriteString("timestamp", Timestamp(row.OccurredAt));
            writer.WritePropertyName("data");
            writer.WriteRawValue(row.Data, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The UI's message types: <c>entity_created</c>, <c>entity_updated</c>, <c>processing_complete</c>, … (dots become underscores).</summary>
    public static string MessageType(string eventType) => eventType switch
    {
        "job.completed" => "processing_complete",
        _ => eventType.Replace('.', '_'),
    };

    public static string Timestamp(DateTime occurredAt) =>
        DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
