using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

public sealed class LogoutTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Logout_revokes_the_session_of_the_given_refresh_token()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var session = (await AuthHelper.LoginAsync(Host, email)).GetProperty("refresh_token").GetString()!;
        var other = (await AuthHelper.LoginAsync(Host, email)).GetProperty("refresh_token").GetString()!;

        using var logout = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/logout", UriKind.Relative), new { refresh_token = session });

        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var refresh = await Refresh(session);
        await refresh.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var stillAlive = await Refresh(other);
        stillAlive.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_audit.audit_events WHERE action = 'auth.logout' AND actor_id = @userId", new { userId })).ShouldBe(1);
    }

    [Fact]
    public async Task Logout_all_ends_every_session_and_every_access_token_of_the_user()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        var first = await AuthHelper.LoginAsync(Host, email);
        var second = await AuthHelper.LoginAsync(Host, email);
        using var client = Host.CreateClient(first.GetProperty("access_token").GetString());

        using var logout = await client.PostAsJsonAsync(new Uri("/api/v1/auth/logout", UriKind.Relative), new { all = true });

        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var me = await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        await me.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var otherAccess = await Host.CreateClient(second.GetProperty("access_token").GetString()).GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        await otherAccess.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var otherRefresh = await Refresh(second.GetProperty("refresh_token").GetString()!);
        await otherRefresh.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await AuthHelper.LoginAsync(Host, email)).GetProperty("access_token").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task Logout_all_without_a_token_or_session_is_401()
    {
        using var logout = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/logout", UriKind.Relative), new { all = true });

        await logout.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private Task<HttpResponseMessage> Refresh(string token) =>
        Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/refresh", UriKind.Relative), new { refresh_token = token });
}
