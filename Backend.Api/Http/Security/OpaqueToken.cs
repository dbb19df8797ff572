using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Api.Http.Security;

/// <summary>Opaque bearer secrets (refresh and reset tokens): 256 random bits, stored only as SHA-256.</summary>
internal static class OpaqueToken
{
    public static string Create() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
