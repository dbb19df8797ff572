using System.Security.Cryptography;
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

    /// <summary>A compact JWT signed with HMAC-SHA256 over whatever header and payload are given.</summary>
    public static string SignHs256(object header, object payload, byte[] key)
    {
        var signingInput = Encode(header) + "." + Encode(payload);
        return signingInput + "." + Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    public static string SignRs256(object header, object payload, RSA rsa)
    {
        var signingInput = Encode(header) + "." + Encode(payload);
        return signingInput + "." + Base64Url(rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static JsonElement Decode(string part) => JsonDocument.Parse(FromBase64Url(part)).RootElement.Clone();
}
