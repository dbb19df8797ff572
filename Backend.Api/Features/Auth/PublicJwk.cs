using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Api.Features.Auth;

/// <summary>One public key of the JWKS document (RFC 7517).</summary>
internal sealed record PublicJwk(
    string Kty,
    string Use,
    string Alg,
    string Kid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? N,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? E,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Crv,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? X,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Y)
{
    public static PublicJwk From(SecurityKey key, string algorithm)
    {
        switch (key)
        {
            case RsaSecurityKey rsa:
                var rsaParameters = rsa.Rsa.ExportParameters(false);
                return new PublicJwk("RSA", "sig", algorithm, rsa.KeyId, Base64UrlEncoder.Encode(rsaParameters.Modulus), Base64UrlEncoder.Encode(rsaParameters.Exponent), null, null, null);
            case ECDsaSecurityKey ec:
                var ecParameters = ec.ECDsa.ExportParameters(false);
                return new PublicJwk("EC", "sig", algorithm, ec.KeyId, null, null, "P-256", Base64UrlEncoder.Encode(ecParameters.Q.X), Base64UrlEncoder.Encode(ecParameters.Q.Y));
            default:
                throw new InvalidOperationException("Only asymmetric keys are published.");
        }
    }
}
