using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

public sealed class TokenTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Login_returns_a_bearer_pair_with_the_full_claim_set()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);

        var body = await AuthHelper.LoginAsync(Host, email);

        body.GetProperty("token_type").GetString().ShouldBe("bearer");
        body.GetProperty("expires_in").GetInt32().ShouldBeInRange(899, 901);
        body.GetProperty("refresh_token").GetString()!.Length.ShouldBeGreaterThanOrEqualTo(43);
        body.GetProperty("user").GetProperty("id").GetGuid().ShouldBe(userId);
        var claims = Jwt.Payload(body.GetProperty("access_token").GetString()!);
        claims.EnumerateObject().Select(p => p.Name).Order().ShouldBe(["aud", "exp", "iat", "iss", "jti", "role", "sid", "sub"]);
        claims.GetProperty("sub").GetString().ShouldBe(userId.ToString());
        claims.GetProperty("role").GetString().ShouldBe("user");
        claims.GetProperty("iss").GetString().ShouldBe("backend-module");
        claims.GetProperty("aud").GetString().ShouldBe("kgl-api");
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe(900);
        Jwt.Header(body.GetProperty("access_token").GetString()!).GetProperty("alg").GetString().ShouldBe("HS256");
    }

    [Fact]
    public async Task Login_is_also_routed_as_login_and_email_is_case_insensitive()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);

        using var response = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email = email.ToUpperInvariant(), password = AuthHelper.Password });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_accepts_the_oauth2_password_form()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);

        using var response = await Host.Client.PostAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = email,
            ["password"] = AuthHelper.Password,
        }));

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Wrong_password_returns_401_and_is_audited()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);

        using var response = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email, password = "not the right password" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("type").GetString().ShouldBe("urn:backend:problem:invalid-credentials");
        response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<int>("SELECT failed_login_count FROM backend_auth.users WHERE id = @userId", new { userId })).ShouldBe(1);
        (await connection.ExecuteScalarAsync<string>(
            "SELECT details->>'reason' FROM backend_audit.audit_events WHERE action = 'auth.login' AND outcome = 'failure' AND target_id = @userId", new { userId }))
            .ShouldBe("wrong_password");
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_identical_answers()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);

        using var unknown = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email = AuthHelper.NewEmail(), password = "not the right password" });
        using var wrong = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email, password = "not the right password" });

        unknown.StatusCode.ShouldBe(wrong.StatusCode);
        Comparable(await unknown.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).ShouldBe(Comparable(await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)));
        unknown.Headers.WwwAuthenticate.ToString().ShouldBe(wrong.Headers.WwwAuthenticate.ToString());
        unknown.Headers.Select(h => h.Key).Order().ShouldBe(wrong.Headers.Select(h => h.Key).Order());
    }

    [Fact]
    public async Task Missing_password_is_a_400_validation_problem()
    {
        using var response = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email = AuthHelper.NewEmail() });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static string Comparable(JsonElement problem)
    {
        var fields = problem.EnumerateObject().Where(p => p.Name != "request_id").Select(p => p.Name + "=" + p.Value.GetRawText());
        return string.Join("|", fields);
    }
}
