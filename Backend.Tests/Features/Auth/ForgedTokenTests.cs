using System.Net;
using Backend.Tests.Infrastructure;
using Dapper;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Tests.Features.Auth;

/// <summary>Every way a bearer token can be wrong gets a 401 problem from GET validate.</summary>
public sealed class ForgedTokenTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    private byte[] Secret => ((SymmetricSecurityKey)Host.Settings.Auth.Keys.SigningCredentials.Key).Key;

    [Fact]
    public async Task A_genuine_token_validates_and_answers_the_user()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);

        using var response = await Validate(token);

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("id").GetGuid().ShouldBe(userId);
        data.GetProperty("role").GetString().ShouldBe("user");
        data.GetProperty("email").GetString().ShouldNotBeNullOrEmpty();
        data.GetProperty("first_name").GetString().ShouldBe("Test");
    }

    [Fact]
    public async Task A_self_made_token_with_the_right_secret_and_claims_validates()
    {
        // Guards the tests below: they fail for the one thing they change, not for a mistake in forging.
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);

        using var response = await Validate(Jwt.SignHs256(Header(), Claims(userId), Secret));

        await response.ShouldBeEnvelopeAsync();
    }

    [Fact]
    public async Task Alg_none_is_rejected()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        var token = Jwt.Encode(new { alg = "none", typ = "JWT" }) + "." + Jwt.Encode(Claims(userId)) + ".";

        await Rejected(token);
    }

    [Fact]
    public async Task Wrong_audience_is_rejected()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);

        await Rejected(Jwt.SignHs256(Header(), Claims(userId, aud: "another-api"), Secret));
    }

    [Fact]
    public async Task Wrong_issuer_is_rejected()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);

        await Rejected(Jwt.SignHs256(Header(), Claims(userId, iss: "someone-else"), Secret));
    }

    [Fact]
    public async Task An_expired_token_is_rejected_once_the_clock_passes_expiry_and_skew()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        (await Validate(token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        Host.Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(45));

        await Rejected(token);
    }

    [Fact]
    public async Task A_tampered_signature_or_payload_is_rejected()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var parts = token.Split('.');
        var signature = Jwt.FromBase64Url(parts[2]);
        signature[0] ^= 0x01;
        await Rejected(parts[0] + "." + parts[1] + "." + Jwt.Base64Url(signature));

        var payload = Jwt.Payload(token).GetRawText().Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        await Rejected(parts[0] + "." + Jwt.Base64Url(System.Text.Encoding.UTF8.GetBytes(payload)) + "." + parts[2]);
    }

    [Fact]
    public async Task A_token_signed_with_another_secret_is_rejected()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);

        await Rejected(Jwt.SignHs256(Header(), Claims(userId), System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)));
    }

    [Fact]
    public async Task Missing_sub_or_iat_or_jti_is_rejected()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        var now = Host.Time.GetUtcNow().ToUnixTimeSeconds();

        await Rejected(Jwt.SignHs256(Header(), new { role = "user", iss = "backend-module", aud = "kgl-api", iat = now, exp = now + 600, jti = Guid.NewGuid() }, Secret));
        await Rejected(Jwt.SignHs256(Header(), new { sub = "not-a-uuid", role = "user", iss = "backend-module", aud = "kgl-api", iat = now, exp = now + 600, jti = Guid.NewGuid() }, Secret));
        await Rejected(Jwt.SignHs256(Header(), new { sub = userId, role = "user", iss = "backend-module", aud = "kgl-api", exp = now + 600, jti = Guid.NewGuid() }, Secret));
        await Rejected(Jwt.SignHs256(Header(), new { sub = userId, role = "user", iss = "backend-module", aud = "kgl-api", iat = now, exp = now + 600 }, Secret));
        await Rejected(Jwt.SignHs256(Header(), new { sub = userId, role = "superuser", iss = "backend-module", aud = "kgl-api", iat = now, exp = now + 600, jti = Guid.NewGuid() }, Secret));
    }

    [Fact]
    public async Task A_token_of_an_unknown_user_is_rejected()
    {
        await Rejected(Jwt.SignHs256(Header(), Claims(Guid.CreateVersion7()), Secret));
    }

    [Fact]
    public async Task A_token_issued_before_tokens_valid_after_is_rejected_within_30_seconds()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        (await Validate(token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // As another replica would: move the instant in the database only.
        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE backend_auth.users SET tokens_valid_after = date_trunc('second', @now) + interval '2 seconds' WHERE id = @userId",
                new { userId, now = Host.Time.GetUtcNow() });
        }

        Host.Time.Advance(TimeSpan.FromSeconds(30));
        await Rejected(token);
    }

    [Fact]
    public async Task No_token_and_a_garbage_token_are_401()
    {
        using var none = await Host.Client.GetAsync(new Uri("/api/v1/auth/validate", UriKind.Relative));
        await none.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await Rejected("not.a.jwt");
    }

    private static object Header() => new { alg = "HS256", typ = "JWT" };

    private object Claims(Guid userId, string iss = "backend-module", string aud = "kgl-api")
    {
        var now = Host.Time.GetUtcNow().ToUnixTimeSeconds() + 1;
        return new { sub = userId, role = "user", iss, aud, iat = now, exp = now + 600, jti = Guid.NewGuid() };
    }

    private Task<HttpResponseMessage> Validate(string token) =>
        Host.CreateClient(token).GetAsync(new Uri("/api/v1/auth/validate", UriKind.Relative));

    private async Task Rejected(string token)
    {
        using var response = await Validate(token);
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
