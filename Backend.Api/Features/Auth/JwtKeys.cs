using Microsoft.IdentityModel.Tokens;

namespace Backend.Api.Features.Auth;

/// <summary>
/// The signing key and every key accepted for validation. HS256 uses JWT_SECRET (and JWT_PREVIOUS_SECRET while
/// rotating); RS256/ES256 load PEM files, carry a <c>kid</c> and are published at the JWKS endpoint.
/// </summary>
internal sealed class JwtKeys
{
    public const int MinSecretBytes = 32;

    public JwtKeys(string algorithm, SecurityKey signingKey, IReadOnlyList<SecurityKey> validationKeys, bool generatedSecret)
    {
        Algorithm = algorithm;
        SigningCredentials = new SigningCredentials(signingKey, algorithm);
        ValidationKeys = validationKeys;
        GeneratedSecret = generatedSecret;
    }

    public string Algorithm { get; }

    public SigningCredentials SigningCredentials { get; }

    public IReadOnlyList<SecurityKey> ValidationKeys { get; }

    public bool GeneratedSecret { get; }

    public bool IsAsymmetric => Algorithm != SecurityAlgorithms.HmacSha256;

    /// <summary>The public half of every asymmetric validation key, as JWKs; empty for HS256.</summary>
    public IReadOnlyList<PublicJwk> PublicKeys() => IsAsymmetric ? ValidationKeys.Select(k => PublicJwk.From(k, Algorithm)).ToList() : [];
}
