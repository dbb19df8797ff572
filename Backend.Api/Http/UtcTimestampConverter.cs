using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backend.Api.Http;

/// <summary>Times on the wire are RFC 3339 in UTC with millisecond precision: <c>2026-11-27T07:07:27.189Z</c>.</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    // "yyyy-MM-ddTHH:mm:ss.fffZ" is 24 bytes; years beyond 9999 do not exist in DateTime.
    private const int FormattedLength = 24;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        // Formatted straight into UTF-8 on the stack: a list page writes three times per row, and a string each was garbage.
        Span<byte> utf8 = stackalloc byte[FormattedLength];
        if (value.UtcDateTime.TryFormat(utf8, out var written, Format, CultureInfo.InvariantCulture))
        {
            writer.WriteStringValue(utf8[..written]);
        }
        else
        {
            writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
        }
    }
}
