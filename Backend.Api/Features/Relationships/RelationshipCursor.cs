using System.Buffers.Text;
using System.Text.Json;

namespace Backend.Api.Features.Relationships;

/// <summary>Keyset cursor of relationship listings (ordered by created_at, id).</summary>
internal sealed record RelationshipCursor(DateTime CreatedAt, Guid Id)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static RelationshipCursor? Decode(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<RelationshipCursor>(Base64Url.DecodeFromChars(text));
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}
