using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Auth;

/// <summary>RS256 with a previous key for rotation, ES256, the JWKS document and HS/RS confusion.</summary>
public sealed class AsymmetricKeyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backend-keys-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Rs256_tokens_carry_a_kid_published_in_jwks_and_the_previous_key_still_validates()
    {
        using var current = RSA.Create(2048);
        using var previous = RSA.Create(2048);
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["JWT_ALG"] = "RS256",
            ["JWT_PRIVATE_KEY_FILE"] = Write("current.pem", current.ExportPkcs8PrivateKeyPem()),
            ["JWT_KEY_ID"] = "2026-11",
            ["JWT_PREVIOUS_PUBLIC_KEY_FILE"] = Write("previous.pub.pem", previous.ExportSubjectPublicKeyInfoPem()),
            ["JWT_PREVIOUS_KEY_ID"] = "2026-05",
        });
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(host);

        var header = Jwt.Header(token);
        header.GetProperty("alg").GetString().ShouldBe("RS256");
        header.GetProperty("kid").GetString().ShouldBe("2026-11");
        using var jwks = await host.Client.GetAsync(new Uri("/api/v1/auth/jwks", UriKind.Relative));
        var keys = JsonDocument.Parse(await jwks.Content.ReadAsStringAsync()).RootElement.GetProperty("keys").EnumerateArray().ToList();
        keys.Select(k => k.GetProperty("kid").GetString()).ShouldBe(["2026-11", "2026-05"]);
        keys[0].GetProperty("kty").GetString().ShouldBe("RSA");
        keys[0].GetProperty("alg").GetString().ShouldBe("RS256");
        keys[0].TryGetProperty("d", out _).ShouldBeFalse();
        Jwt.FromBase64Url(keys[0].GetProperty("n").GetString()!).ShouldBe(current.ExportParameters(false).Modulus);
        (await Validate(host, token)).ShouldBe(HttpStatusCode.OK);

        var now = host.Time.GetUtcNow().ToUnixTimeSeconds() + 1;
        var claims = new { sub = userId, role = "user", iss = "backend-module", aud = "kgl-api", iat = now, exp = now + 600, jti = Guid.NewGuid() };
        (await Validate(host, Jwt.SignRs256(new { alg = "RS256", typ = "JWT", kid = "2026-05" }, claims, previous))).ShouldBe(HttpStatusCode.OK);

        // HS/RS confusion: an HS256 token "signed" with the published public key must not pass.
        var publicPem = Encoding.UTF8.GetBytes(current.ExportSubjectPublicKeyInfoPem());
        (await Validate(host, Jwt.SignHs256(new { alg = "HS256", typ = "JWT", kid = "2026-11" }, claims, publicPem))).ShouldBe(HttpStatusCode.Unauthorized);
        (await Validate(host, Jwt.SignHs256(new { alg = "HS256", typ = "JWT" }, claims, current.ExportParameters(false).Modulus!))).ShouldBe(HttpStatusCode.Unauthorized);
        using var stranger = RSA.Create(2048);
        (await Validate(host, Jwt.SignRs256(new { alg = "RS256", typ = "JWT", kid = "2026-11" }, claims, stranger))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Es256_signs_and_publishes_an_ec_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["JWT_ALG"] = "ES256",
            ["JWT_PRIVATE_KEY_FILE"] = Write("ec.pem", key.ExportPkcs8PrivateKeyPem()),
        });
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);

        Jwt.Header(token).GetProperty("alg").GetString().ShouldBe("ES256");
        (await Validate(host, token)).ShouldBe(HttpStatusCode.OK);
        using var jwks = await host.Client.GetAsync(new Uri("/api/v1/auth/jwks", UriKind.Relative));
        var jwk = JsonDocument.Parse(await jwks.Content.ReadAsStringAsync()).RootElement.GetProperty("keys")[0];
        jwk.GetProperty("kty").GetString().ShouldBe("EC");
        jwk.GetProperty("crv").GetString().ShouldBe("P-256");
        jwk.GetProperty("kid").GetString().ShouldBe(Jwt.Header(token).GetProperty("kid").GetString());
    }

    [Fact]
    public async Task Hs256_publishes_no_keys()
    {
        await using var host = await TestHost.StartAsync();

        var body = await host.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/auth/jwks", UriKind.Relative));

        body.GetProperty("keys").GetArrayLength().ShouldBe(0);
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, pem);
        return path;
    }

    private static async Task<HttpStatusCode> Validate(TestHost host, string token)
    {
        using var response = await host.CreateClient(token).GetAsync(new Uri("/api/v1/auth/validate", UriKind.Relative));
        return response.StatusCode;
    }
}
