using System.Text;
using System.Text.Json;

namespace Backend.Tests.Infrastructure;

/// <summary>Reads and forges compact JWTs for tests.</summary>
internal static class Jwt
{
    public static JsonElement Header(string token) => Decode(token.Split('.')[0]);

    public static JsonElement Payload(string token) => Decode(token.Split('.')[1]);

    public static string Encode(object value) => Base64Url(JsonSerializer.SerializeToUtf8Bytes(value));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private static JsonElement Decode(string part) => JsonDocument.Parse(FromBase64Url(part)).RootElement.Clone();
}
