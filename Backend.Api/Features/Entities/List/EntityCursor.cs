using System.Buffers.Text;
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
            return JsonSerializer.Deserialize<EntityCursor>(Base64Url.DecodeFromChars(text));
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    public EntityKeyset ToKeyset() => new(Value, Id);
}
