using System.Net;
using System.Net.Http.Json;
using Backend.Data.Auth;
using Backend.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Tests.Features.Auth;

/// <summary>The lockout under real concurrent requests: attempts are reserved in one statement before the hash.</summary>
public sealed class ConcurrentLockoutTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Fifteen_concurrent_wrong_passwords_verify_only_the_threshold_and_lock_once()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 15).Select(i => Login(email, "wrong guess " + i)));

        statuses.ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await LockoutRows(connection, userId)).ShouldBe(1);
        var reasons = await FailureReasons(connection, userId);
        reasons["wrong_password"].ShouldBe(5, "only the threshold is verified");
        reasons["locked"].ShouldBe(10, "the rest are refused before the hash");
        (await connection.ExecuteScalarAsync<bool>("SELECT locked_until > @now FROM backend_auth.users WHERE id = @userId", new { userId, now = Host.Time.GetUtcNow() })).ShouldBeTrue();
        (await Login(email, AuthHelper.Password)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_correct_password_inside_a_burst_of_wrong_ones_never_clears_the_lock()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);

        var attempts = Enumerable.Range(0, 15).Select(i => Login(email, "wrong guess " + i)).ToList();
        attempts.Insert(7, Login(email, AuthHelper.Password));
        await Task.WhenAll(attempts);

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await LockoutRows(connection, userId)).ShouldBe(1);
        (await connection.ExecuteScalarAsync<bool>("SELECT locked_until > @now FROM backend_auth.users WHERE id = @userId", new { userId, now = Host.Time.GetUtcNow() }))
            .ShouldBeTrue("the burst holds more than threshold wrong guesses, so it ends locked whatever the right password got");
        (await FailureReasons(connection, userId)).GetValueOrDefault("wrong_password").ShouldBeLessThanOrEqualTo(9, "at most one threshold before and one after a success");
        (await Login(email, AuthHelper.Password)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_success_that_races_a_lock_does_not_clear_it_and_is_refused()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var users = Host.Services.GetRequiredService<UserRepository>();
        var now = Host.Time.GetUtcNow();

        (await users.ReserveLoginAttemptAsync(userId, now, 5, CancellationToken.None)).ShouldBe(LoginReservation.Reserved);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE backend_auth.users SET locked_until = @until WHERE id = @userId", new { userId, until = now.AddMinutes(5) });

        (await users.RecordLoginAsync(userId, now, null, CancellationToken.None)).ShouldBeFalse();
        (await connection.ExecuteScalarAsync<DateTime?>("SELECT locked_until FROM backend_auth.users WHERE id = @userId", new { userId })).ShouldNotBeNull();
        (await users.ReserveLoginAttemptAsync(userId, now, 5, CancellationToken.None)).ShouldBe(LoginReservation.Locked);
    }

    [Fact]
    public async Task Concurrent_wrong_current_passwords_on_password_change_lock_once()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var token = (await AuthHelper.LoginAsync(Host, email)).GetProperty("access_token").GetString()!;
        using var client = Host.CreateClient(token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            client.PostAsJsonAsync(new Uri("/api/v1/auth/password/change", UriKind.Relative), new { current_password = "wrong " + i, new_password = "an entirely new passphrase 9" })));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.BadRequest);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await LockoutRows(connection, userId)).ShouldBe(1);
        (await Login(email, AuthHelper.Password)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static Task<long> LockoutRows(Npgsql.NpgsqlConnection connection, Guid userId) =>
        connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_audit.audit_events WHERE action = 'auth.lockout' AND target_id = @userId", new { userId });

    private static async Task<Dictionary<string, int>> FailureReasons(Npgsql.NpgsqlConnection connection, Guid userId) =>
        (await connection.QueryAsync<(string Reason, int Count)>(
            "SELECT details->>'reason', count(*)::int FROM backend_audit.audit_events WHERE action = 'auth.login' AND outcome = 'failure' AND target_id = @userId GROUP BY 1",
            new { userId })).ToDictionary(r => r.Reason, r => r.Count);

    private async Task<HttpStatusCode> Login(string email, string password)
    {
        using var response = await Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email, password });
        return response.StatusCode;
    }
}
