using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

public sealed class RefreshTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Refresh_returns_a_new_pair_and_spends_the_old_token()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        var login = await AuthHelper.LoginAsync(Host, email);
        var first = login.GetProperty("refresh_token").GetString()!;

        using var response = await Refresh(first);

        var body = await Json(response, HttpStatusCode.OK);
        var second = body.GetProperty("refresh_token").GetString()!;
        second.ShouldNotBe(first);
        body.GetProperty("access_token").GetString().ShouldNotBe(login.GetProperty("access_token").GetString());
        using var me = await Host.CreateClient(body.GetProperty("access_token").GetString()).GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM backend_auth.refresh_tokens WHERE family_id = (SELECT family_id FROM backend_auth.refresh_tokens WHERE token_hash = sha256(convert_to(@second, 'UTF8')))",
            new { second })).ShouldBe(2);
    }

    [Fact]
    public async Task Reusing_a_spent_token_revokes_the_whole_family_and_answers_401()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var first = (await AuthHelper.LoginAsync(Host, email)).GetProperty("refresh_token").GetString()!;
        using var rotated = await Refresh(first);
        var second = (await Json(rotated, HttpStatusCode.OK)).GetProperty("refresh_token").GetString()!;
        var otherSession = (await AuthHelper.LoginAsync(Host, email)).GetProperty("refresh_token").GetString()!;

        using var reuse = await Refresh(first);
        await reuse.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var descendant = await Refresh(second);
        await descendant.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var other = await Refresh(otherSession);
        other.StatusCode.ShouldBe(HttpStatusCode.OK, "another login's family is not touched");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM backend_audit.audit_events WHERE action = 'auth.refresh_reuse' AND target_id = @userId", new { userId })).ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_or_missing_refresh_token_is_401()
    {
        using var unknown = await Refresh("not-a-token");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var missing = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/refresh", UriKind.Relative), new { });
        await missing.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_refresh_token_is_401()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        var token = (await AuthHelper.LoginAsync(Host, email)).GetProperty("refresh_token").GetString()!;

        Host.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        using var response = await Refresh(token);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_inactive_user_cannot_refresh()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var token = (await AuthHelper.LoginAsync(Host, email)).GetProperty("refresh_token").GetString()!;
        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE backend_auth.users SET is_active = false WHERE id = @userId", new { userId });
        }

        using var response = await Refresh(token);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private Task<HttpResponseMessage> Refresh(string token) =>
        Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/refresh", UriKind.Relative), new { refresh_token = token });

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
