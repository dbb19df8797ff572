using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Tests.Features.Auth;

/// <summary>Access-token claims beyond the signature, session-bound CSRF values, and cookie mode for JSON logins only.</summary>
public sealed class TokenHardeningTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    private byte[] Secret => ((SymmetricSecurityKey)Host.Settings.Auth.Keys.SigningCredentials.Key).Key;

    [Fact]
    public async Task A_token_issued_in_the_future_beyond_the_clock_skew_is_refused()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        var now = Host.Time.GetUtcNow().ToUnixTimeSeconds();

        await Validates(Forge(userId, iat: now + 10, exp: now + 600), HttpStatusCode.OK, "within the 30 s skew");
        await Validates(Forge(userId, iat: now + 3600, exp: now + 3600 + 600), HttpStatusCode.Unauthorized, "an hour ahead");
    }

    [Fact]
    public async Task A_token_living_longer_than_the_access_ttl_is_refused()
    {
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);
        var now = Host.Time.GetUtcNow().ToUnixTimeSeconds();
        var ttl = (long)Host.Settings.Auth.AccessTokenLifetime.TotalSeconds;

        await Validates(Forge(userId, iat: now, exp: now + ttl), HttpStatusCode.OK, "exactly the ttl");
        await Validates(Forge(userId, iat: now, exp: now + ttl + 60), HttpStatusCode.Unauthorized, "a minute longer than the ttl");
        await Validates(Forge(userId, iat: now - 60, exp: now + 86_400 * 30), HttpStatusCode.Unauthorized, "thirty days");
    }

    [Fact]
    public async Task A_future_iat_token_no_longer_survives_logout_all()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var now = Host.Time.GetUtcNow().ToUnixTimeSeconds();
        var future = Forge(userId, iat: now + 7200, exp: now + 7200 + 600);

        using var logoutAll = await Host.CreateClient(token).PostAsJsonAsync(new Uri("/api/v1/auth/logout", UriKind.Relative), new { all = true });
        logoutAll.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await Validates(future, HttpStatusCode.Unauthorized, "a token stamped after tokens_valid_after is still refused for its future iat");
    }

    [Theory]
    [InlineData("use_cookies")]
    [InlineData("UseCookies")]
    public async Task A_form_encoded_login_cannot_ask_for_cookies(string field)
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = email, ["password"] = AuthHelper.Password, [field] = "true",
        });

        using var response = await Host.Client.PostAsync(new Uri("/api/v1/auth/token", UriKind.Relative), form);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors")[0];
        error.GetProperty("field").GetString().ShouldBe("use_cookies");
        error.GetProperty("rule").GetString().ShouldBe("json_only");
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<DateTime?>("SELECT last_login_at FROM backend_auth.users WHERE email = @email", new { email })).ShouldBeNull();
    }

    [Fact]
    public async Task A_form_encoded_bearer_login_still_works()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = email, ["password"] = AuthHelper.Password });

        using var response = await Host.Client.PostAsync(new Uri("/api/v1/auth/token", UriKind.Relative), form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task A_csrf_value_the_client_chose_is_refused()
    {
        var cookies = await CookieLoginAsync();
        cookies["__Host-csrf_token"] = "chosen-by-the-attacker";

        using var response = await Send(HttpMethod.Patch, "/api/v1/auth/me", cookies, "chosen-by-the-attacker", new { first_name = "Mallory" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("type").GetString().ShouldBe("urn:backend:problem:csrf");
    }

    [Fact]
    public async Task The_csrf_value_of_another_session_is_refused_on_requests_and_refresh()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        var mine = await CookieLoginAsync(email);
        var other = await CookieLoginAsync(email);
        mine["__Host-csrf_token"].ShouldNotBe(other["__Host-csrf_token"]);
        var mixed = new Dictionary<string, string>(mine) { ["__Host-csrf_token"] = other["__Host-csrf_token"] };

        using var patch = await Send(HttpMethod.Patch, "/api/v1/auth/me", mixed, other["__Host-csrf_token"], new { first_name = "Mallory" });
        using var refresh = await Send(HttpMethod.Post, "/api/v1/auth/refresh", mixed, other["__Host-csrf_token"], new { });
        using var ownPatch = await Send(HttpMethod.Patch, "/api/v1/auth/me", mine, mine["__Host-csrf_token"], new { first_name = "Grace" });

        await patch.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await refresh.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        ownPatch.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_csrf_value_stays_bound_to_its_session_across_refreshes()
    {
        var cookies = await CookieLoginAsync();

        using var refresh = await Send(HttpMethod.Post, "/api/v1/auth/refresh", cookies, cookies["__Host-csrf_token"], new { });

        refresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rotated = Parse(refresh);
        rotated["__Host-csrf_token"].ShouldBe(cookies["__Host-csrf_token"], "one session, one CSRF value");
        var next = new Dictionary<string, string>(rotated);
        using var patch = await Send(HttpMethod.Patch, "/api/v1/auth/me", next, next["__Host-csrf_token"], new { first_name = "Grace" });
        patch.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cookies_carry_the_host_and_secure_prefixes()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        using var response = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email, password = AuthHelper.Password, use_cookies = true });

        var setCookies = response.Headers.GetValues("Set-Cookie").Select(c => c.ToLowerInvariant()).ToList();

        foreach (var name in new[] { "__host-access_token=", "__host-csrf_token=" })
        {
            var header = setCookies.Single(c => c.StartsWith(name, StringComparison.Ordinal));
            header.ShouldContain("path=/;");
            header.ShouldNotContain("domain=");
            header.ShouldContain("secure");
        }

        setCookies.Single(c => c.StartsWith("__secure-refresh_token=", StringComparison.Ordinal)).ShouldContain("secure");
    }

    private string Forge(Guid userId, long iat, long exp) =>
        Jwt.SignHs256(new { alg = "HS256", typ = "JWT" }, new { sub = userId, role = "user", iss = "backend-module", aud = "kgl-api", iat, exp, jti = Guid.NewGuid() }, Secret);

    private async Task Validates(string token, HttpStatusCode expected, string because)
    {
        using var response = await Host.CreateClient(token).GetAsync(new Uri("/api/v1/auth/validate", UriKind.Relative));
        response.StatusCode.ShouldBe(expected, because);
    }

    private async Task<Dictionary<string, string>> CookieLoginAsync(string? email = null)
    {
        if (email is null)
        {
            email = AuthHelper.NewEmail();
            await AuthHelper.RegisterAsync(Host, email);
        }

        using var response = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email, password = AuthHelper.Password, use_cookies = true });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return Parse(response);
    }

    private static Dictionary<string, string> Parse(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, Dictionary<string, string> cookies, string? csrf, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }

        request.Content = body is null ? null : JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return Host.Client.SendAsync(request);
    }
}
