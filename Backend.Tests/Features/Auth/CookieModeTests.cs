using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Auth;

/// <summary>Browser mode: tokens in httpOnly cookies, CSRF double-submit on unsafe methods.</summary>
public sealed class CookieModeTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Cookie_login_sets_httponly_secure_strict_cookies_and_no_tokens_in_the_body()
    {
        var (response, cookies) = await CookieLoginAsync();

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("token_type").GetString().ShouldBe("cookie");
        body.TryGetProperty("access_token", out _).ShouldBeFalse();
        body.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        var setCookies = response.Headers.GetValues("Set-Cookie").ToList();
        foreach (var name in new[] { "__Host-access_token", "__Secure-refresh_token" })
        {
            var header = setCookies.Single(c => c.StartsWith(name + "=", StringComparison.Ordinal)).ToLowerInvariant();
            header.ShouldContain("httponly");
            header.ShouldContain("secure");
            header.ShouldContain("samesite=strict");
        }

        var csrf = setCookies.Single(c => c.StartsWith("__Host-csrf_token=", StringComparison.Ordinal)).ToLowerInvariant();
        csrf.ShouldNotContain("httponly");
        csrf.ShouldContain("secure");
        cookies.Keys.ShouldBe(["__Host-access_token", "__Secure-refresh_token", "__Host-csrf_token"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_cookie_authenticates_safe_requests_without_csrf_header()
    {
        var (_, cookies) = await CookieLoginAsync();

        using var response = await Send(HttpMethod.Get, "/api/v1/auth/me", cookies, csrf: null);

        await response.ShouldBeEnvelopeAsync();
    }

    [Fact]
    public async Task Unsafe_cookie_requests_need_the_csrf_header()
    {
        var (_, cookies) = await CookieLoginAsync();

        using var without = await Send(HttpMethod.Patch, "/api/v1/auth/me", cookies, csrf: null, new { first_name = "Grace" });
        var problem = await without.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("type").GetString().ShouldBe("urn:backend:problem:csrf");

        using var wrong = await Send(HttpMethod.Patch, "/api/v1/auth/me", cookies, csrf: "guess", new { first_name = "Grace" });
        await wrong.ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        using var with = await Send(HttpMethod.Patch, "/api/v1/auth/me", cookies, csrf: cookies["__Host-csrf_token"], new { first_name = "Grace" });
        (await with.ShouldBeEnvelopeAsync()).GetProperty("first_name").GetString().ShouldBe("Grace");
    }

    [Fact]
    public async Task Bearer_requests_need_no_csrf_header()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);

        using var response = await client.PatchAsJsonAsync(new Uri("/api/v1/auth/me", UriKind.Relative), new { last_name = "Hopper" });

        (await response.ShouldBeEnvelopeAsync()).GetProperty("last_name").GetString().ShouldBe("Hopper");
    }

    [Fact]
    public async Task Refresh_from_the_cookie_needs_the_csrf_header_and_rotates_the_cookies()
    {
        var (_, cookies) = await CookieLoginAsync();

        using var without = await Send(HttpMethod.Post, "/api/v1/auth/refresh", cookies, csrf: null, new { });
        await without.ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        using var with = await Send(HttpMethod.Post, "/api/v1/auth/refresh", cookies, csrf: cookies["__Host-csrf_token"], new { });
        with.StatusCode.ShouldBe(HttpStatusCode.OK, await with.Content.ReadAsStringAsync());
        var rotated = Parse(with);
        rotated["__Secure-refresh_token"].ShouldNotBe(cookies["__Secure-refresh_token"]);
    }

    [Fact]
    public async Task Cookie_logout_clears_the_cookies_and_revokes_the_session()
    {
        var (_, cookies) = await CookieLoginAsync();

        using var logout = await Send(HttpMethod.Post, "/api/v1/auth/logout", cookies, csrf: cookies["__Host-csrf_token"], new { });

        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        logout.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("__Secure-refresh_token=;", StringComparison.Ordinal));
        using var refresh = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/refresh", UriKind.Relative), new { refresh_token = cookies["__Secure-refresh_token"] });
        await refresh.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<(HttpResponseMessage Response, Dictionary<string, string> Cookies)> CookieLoginAsync()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        var response = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { email, password = AuthHelper.Password, use_cookies = true });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (response, Parse(response));
    }

    private static Dictionary<string, string> Parse(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie")
            .Select(c => c.Split(';')[0].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);

    // Cookies are Secure, so a cookie jar would not send them over the test's plain http; send them by hand.
    private Task<HttpResponseMessage> Send(HttpMethod method, string path, Dictionary<string, string> cookies, string? csrf, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return Host.Client.SendAsync(request);
    }
}
