using System.Buffers.Text;
using System.Text.Json;
using Backend.Data.Ingest;

namespace Backend.Api.Features.Ingestion.Documents;

/// <summary>The opaque keyset cursor of document listings: the last row's creation time and id (base64url JSON).</summary>
internal sealed record DocumentCursor(DateTime CreatedAt, Guid Id)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static DocumentCursor? Decode(string text)
    {
        try
        {
            var cursor = JsonSerializer.Deserialize<DocumentCursor>(Base64Url.DecodeFromChars(text));
            return cursor is null || cursor.Id == Guid.Empty ? null : cursor with { CreatedAt = DateTime.SpecifyKind(cursor.CreatedAt.ToUniversalTime(), DateTimeKind.Utc) };
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    public DocumentKeyset ToKeyset() => new(CreatedAt, Id);

    public static DocumentCursor After(DocumentRow row) => new(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc), row.Id);
}
