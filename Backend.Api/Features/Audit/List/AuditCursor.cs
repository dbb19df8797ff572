using System.Buffers.Text;
using System.Text.Json;

namespace Backend.Api.Features.Audit.List;

/// <summary>The opaque keyset cursor of the audit listing: the last row's occurred_at and id (base64url JSON).</summary>
internal sealed record AuditCursor(DateTimeOffset OccurredAt, Guid Id)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static AuditCursor? Decode(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditCursor>(Base64Url.DecodeFromChars(text));
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}
