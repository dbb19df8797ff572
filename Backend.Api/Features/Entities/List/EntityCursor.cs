using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Backend.Data.Entities;

namespace Backend.Api.Features.Entities.List;

/// <summary>The opaque keyset cursor: the sort it belongs to, the last row's sort value and id (base64url JSON).</summary>
internal sealed record EntityCursor(string Sort, string Value, Guid Id)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static EntityCursor? Decode(string text)
    {
        try
        {
            var cursor = JsonSerializer.Deserialize<EntityCursor>(Base64Url.DecodeFromChars(text));
            return cursor is { Sort: not null, Value: not null } && HasValidValue(cursor) ? cursor : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    public EntityKeyset ToKeyset() => new(Value, Id);

    // A damaged or forged cursor must be a 400 here, not a parse failure (500) when the query is built.
    private static bool HasValidValue(EntityCursor cursor) => cursor.Sort.TrimStart('-') switch
    {
        "name" => true,
        "confidence" => double.TryParse(cursor.Value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _),
        _ => DateTime.TryParse(cursor.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _),
    };
}
