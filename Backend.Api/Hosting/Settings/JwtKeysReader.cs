using System.Security.Cryptography;
using System.Text;
using Backend.Api.Features.Auth;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Api.Hosting.Settings;

/// <summary>Reads <see cref="JwtKeys"/> from JWT_ALG, JWT_SECRET (and JWT_PREVIOUS_SECRET) or the PEM key files.</summary>
internal static class JwtKeysReader
{
    public static JwtKeys Read(SettingsReader read, bool isDevelopment)
    {
        var algorithm = read.OneOf("JWT_ALG", "HS256", "HS256", "RS256", "ES256");
        return algorithm switch
        {
            "HS256" => ReadSymmetric(read, isDevelopment),
            _ => ReadAsymmetric(read, algorithm) ?? Placeholder(algorithm),
        };
    }

    private static JwtKeys ReadSymmetric(SettingsReader read, bool isDevelopment)
    {
        var secret = read.Raw("JWT_SECRET");
        var generated = false;
        byte[] bytes;
        if (secret is null)
        {
            if (!isDevelopment)
            {
                read.Fail("JWT_SECRET", "is required outside Development (at least 32 bytes, e.g. `openssl rand -base64 48`)");
            }

            bytes = RandomNumberGenerator.GetBytes(48);
            generated = true;
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(secret);
            if (bytes.Length < JwtKeys.MinSecretBytes)
            {
                read.Fail("JWT_SECRET", $"must be at least {JwtKeys.MinSecretBytes} bytes (it has {bytes.Length})");
                bytes = RandomNumberGenerator.GetBytes(48);
            }
        }

        var keys = new List<SecurityKey> { new SymmetricSecurityKey(bytes) };
        var previous = read.Raw("JWT_PREVIOUS_SECRET");
        if (previous is not null)
        {
            var previousBytes = Encoding.UTF8.GetBytes(previous);
            if (previousBytes.Length < JwtKeys.MinSecretBytes)
            {
                read.Fail("JWT_PREVIOUS_SECRET", $"must be at least {JwtKeys.MinSecretBytes} bytes (it has {previousBytes.Length})");
            }
            else
            {
                keys.Add(new SymmetricSecurityKey(previousBytes));
            }
        }

        return new JwtKeys(SecurityAlgorithms.HmacSha256, keys[0], keys, generated);
    }

    private static JwtKeys? ReadAsymmetric(SettingsReader read, string algorithm)
    {
        var current = LoadPem(read, "JWT_PRIVATE_KEY_FILE", algorithm, requirePrivate: true);
        if (current is null)
        {
            return null;
        }

        current.KeyId = read.Raw("JWT_KEY_ID") ?? Thumbprint(current);
        var keys = new List<SecurityKey> { current };
        if (read.Raw("JWT_PREVIOUS_PUBLIC_KEY_FILE") is not null)
        {
            var previous = LoadPem(read, "JWT_PREVIOUS_PUBLIC_KEY_FILE", algorithm, requirePrivate: false);
            if (previous is not null)
            {
                previous.KeyId = read.Raw("JWT_PREVIOUS_KEY_ID") ?? Thumbprint(previous);
                if (previous.KeyId == current.KeyId)
                {
                    read.Fail("JWT_PREVIOUS_KEY_ID", "must differ from the current key's id");
                }

                keys.Add(previous);
            }
        }

        return new JwtKeys(algorithm, current, keys, generatedSecret: false);
    }

    private static AsymmetricSecurityKey? LoadPem(SettingsReader read, string name, string algorithm, bool requirePrivate)
    {
        var path = read.Raw(name);
        if (path is null)
        {
            read.Fail(name, $"is required when JWT_ALG is {algorithm} (path to a PEM {(requirePrivate ? "private" : "public")} key)");
            return null;
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            read.Fail(name, $"cannot read '{path}': {exception.GetType().Name}");
            return null;
        }

        try
        {
            if (algorithm == "RS256")
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                if (rsa.KeySize < 2048)
                {
                    read.Fail(name, $"RSA key of {rsa.KeySize} bits is too small (at least 2048)");
                }

                var key = new RsaSecurityKey(rsa);
                if (requirePrivate && key.PrivateKeyStatus == PrivateKeyStatus.DoesNotExist)
                {
                    read.Fail(name, "holds no private key");
                }

                return key;
            }

            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            if (ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                read.Fail(name, "ES256 needs a P-256 (prime256v1) key");
            }

            var ecKey = new ECDsaSecurityKey(ecdsa);
            if (requirePrivate && ecKey.PrivateKeyStatus == PrivateKeyStatus.DoesNotExist)
            {
                read.Fail(name, "holds no private key");
            }

            return ecKey;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            read.Fail(name, $"'{path}' is not a PEM {(algorithm == "RS256" ? "RSA" : "EC")} key");
            return null;
        }
    }

    private static string Thumbprint(SecurityKey key) => Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());

    private static JwtKeys Placeholder(string algorithm) =>
        new JwtKeys(algorithm, new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(48)), [], generatedSecret: false);
}
