using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Api.Features.Auth;

/// <summary>
/// Keys derived from the JWT signing key, so every replica agrees on them without another secret to deploy: the CSRF
/// HMAC key is HMAC-SHA256(signing secret or private scalar, "backend-csrf-v1"). Rotating the signing key rotates it.
/// </summary>
internal static class JwtKeyMaterial
{
    public static byte[] CsrfKey(JwtKeys keys)
    {
        var secret = keys.SigningCredentials.Key switch
        {
            SymmetricSecurityKey symmetric => symmetric.Key,
            RsaSecurityKey { Rsa: { } rsa } => rsa.ExportParameters(includePrivateParameters: true).D!,
            RsaSecurityKey rsaParameters => rsaParameters.Parameters.D!,
            ECDsaSecurityKey ecdsa => ecdsa.ECDsa.ExportParameters(includePrivateParameters: true).D!,
            var other => throw new InvalidOperationException("No CSRF key can be derived from a " + other.GetType().Name + "."),
        };
        return HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("backend-csrf-v1"));
    }
}
