using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;

namespace Backend.Api.Http.Security;

/// <summary>
/// The key format <c>bk_&lt;prefix&gt;_&lt;secret&gt;</c>: an 8-character visible prefix (lowercase letters and digits)
/// and a 256-bit secret (<see cref="OpaqueToken"/>). Only the SHA-256 of the whole key is stored.
/// </summary>
internal static class ApiKeys
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-API-Key";
    public const string IdClaim = "api_key_id";
    public const string NameClaim = "api_key_name";
    private const string Start = "bk_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static (string Key, string Prefix) Create()
    {
        var prefix = RandomNumberGenerator.GetString(Alphabet, 8);
        return ($"{Start}{prefix}_{OpaqueToken.Create()}", prefix);
    }

    public static byte[] Hash(string key) => OpaqueToken.Hash(key);

    /// <summary>The key from <c>Authorization: ApiKey …</c> or <c>X-API-Key</c>, or null when the request carries neither.</summary>
    public static string? FromRequest(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Header, out var header) && !StringValues.IsNullOrEmpty(header))
        {
            return header.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase) ? authorization[(Scheme.Length + 1)..].Trim() : null;
    }

    /// <summary>Cheap shape check before any database work: <c>bk_</c>, 8-character prefix, underscore, 43-character secret.</summary>
    public static bool IsWellFormed(string key) =>
        key.Length == Start.Length + 8 + 1 + 43 && key.StartsWith(Start, StringComparison.Ordinal) && key[Start.Length + 8] == '_';
}
