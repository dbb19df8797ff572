using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

public sealed class LockoutTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Five_failures_lock_the_account_until_the_lockout_ends()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);

        for (var i = 0; i < 5; i++)
        {
            (await Login(email, "not the right password")).ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await Login(email, AuthHelper.Password)).ShouldBe(HttpStatusCode.Unauthorized, "locked: even the right password is refused");
        Host.Time.Advance(TimeSpan.FromMinutes(4));
        (await Login(email, AuthHelper.Password)).ShouldBe(HttpStatusCode.Unauthorized);
        Host.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        (await Login(email, AuthHelper.Password)).ShouldBe(HttpStatusCode.OK);

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_audit.audit_events WHERE action = 'auth.lockout' AND target_id = @userId", new { userId })).ShouldBe(1);
        (await connection.ExecuteScalarAsync<string>(
            "SELECT details->>'reason' FROM backend_audit.audit_events WHERE action = 'auth.login' AND target_id = @userId AND outcome = 'failure' ORDER BY occurred_at DESC, id DESC LIMIT 1",
            new { userId })).ShouldBe("locked");
        (await connection.ExecuteScalarAsync<int>("SELECT failed_login_count + lockout_count FROM backend_auth.users WHERE id = @userId", new { userId })).ShouldBe(0);
    }

    [Fact]
    public async Task A_repeated_lockout_lasts_twice_as_long()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        for (var i = 0; i < 5; i++)
        {
            await Login(email, "not the right password");
        }

        Host.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            await Login(email, "not the right password");
        }

        Host.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        (await Login(email, AuthHelper.Password)).ShouldBe(HttpStatusCode.Unauthorized, "the second lock lasts 10 minutes");
        Host.Time.Advance(TimeSpan.FromMinutes(5));
        (await Login(email, AuthHelper.Password)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Attempts_during_a_lock_do_not_extend_it()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        for (var i = 0; i < 5; i++)
        {
            await Login(email, "not the right password");
        }

        for (var i = 0; i < 10; i++)
        {
            await Login(email, "still guessing " + i);
        }

        Host.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        (await Login(email, AuthHelper.Password)).ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpStatusCode> Login(string email, string password)
    {
        using var response = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email, password });
        return response.StatusCode;
    }
}
