using System.Buffers.Text;
using System.Reflection;
using System.Text.Json;

namespace Backend.Api.Http;

/// <summary>
/// The one codec of the opaque keyset cursors (<c>next_cursor</c>): a record serialized as JSON, base64url-encoded.
/// A cursor comes back from the client, so decoding checks every value the way a request value is checked before it
/// reaches SQL: text without NUL or unpaired surrogates and at most <see cref="MaxTextLength"/> characters, UTC times,
/// finite numbers. Anything else decodes to null (the listing answers 400).
/// </summary>
internal static class KeysetCursor
{
    public const int MaxTextLength = 1000;

    public static string Encode<T>(T cursor)
        where T : class => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(cursor));

    public static T? Decode<T>(string? text)
        where T : class
    {
        if (string.IsNullOrEmpty(text) || text.Length > 4 * MaxTextLength)
        {
            return null;
        }

        try
        {
            var cursor = JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(text));
            return cursor is not null && typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).All(p => IsAcceptable(p.GetValue(cursor))) ? cursor : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static bool IsAcceptable(object? value) => value switch
    {
        null => false,
        string text => RequestText.Violation(text, MaxTextLength) is null,
        DateTime time => time.Kind == DateTimeKind.Utc,
        DateTimeOffset time => time.Offset == TimeSpan.Zero,
        double number => double.IsFinite(number),
        _ => true,
    };
}
