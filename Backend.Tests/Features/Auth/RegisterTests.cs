using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

public sealed class RegisterTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Register_returns_201_with_the_user_and_stores_an_argon2id_hash()
    {
        var email = AuthHelper.NewEmail();
        using var response = await Register(email, AuthHelper.Password);

        var data = await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe("/api/v1/auth/me");
        data.GetProperty("email").GetString().ShouldBe(email);
        data.GetProperty("role").GetString().ShouldBe("user");
        data.GetProperty("first_name").GetString().ShouldBe("Ada");
        data.TryGetProperty("password_hash", out _).ShouldBeFalse();
        var id = data.GetProperty("id").GetGuid();
        id.ToString()[14].ShouldBe('7');

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var hash = await connection.ExecuteScalarAsync<string>("SELECT password_hash FROM backend_auth.users WHERE id = @id", new { id });
        hash.ShouldStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM backend_audit.audit_events WHERE action = 'auth.register' AND target_id = @id", new { id })).ShouldBe(1);
    }

    [Fact]
    public async Task Register_returns_409_when_the_email_exists_in_another_letter_case()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);

        using var response = await Register(email.ToUpperInvariant(), AuthHelper.Password);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("type").GetString().ShouldBe("urn:backend:problem:email-taken");
    }

    [Theory]
    [InlineData("short pw 1")]
    [InlineData("passwordpassword")]
    [InlineData("Qwerty123456")]
    public async Task Register_rejects_short_or_common_passwords(string password)
    {
        using var response = await Register(AuthHelper.NewEmail(), password);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("password");
    }

    [Fact]
    public async Task Register_rejects_a_password_equal_to_the_email()
    {
        var email = AuthHelper.NewEmail();

        using var response = await Register(email, email);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Register_accepts_a_long_passphrase_without_composition_rules()
    {
        using var response = await Register(AuthHelper.NewEmail(), new string('x', 20) + " lowercase only words");

        await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Register_returns_400_naming_invalid_fields()
    {
        using var response = await Host.Client.PostAsJsonAsync(
            new Uri("/api/v1/auth/register", UriKind.Relative), new { email = "not-an-email", password = AuthHelper.Password, first_name = "", last_name = "X" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        fields.ShouldContain("email");
        fields.ShouldContain("first_name");
    }

    private Task<HttpResponseMessage> Register(string email, string password) =>
        Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/register", UriKind.Relative), new { email, password, first_name = "Ada", last_name = "Lovelace" });
}
