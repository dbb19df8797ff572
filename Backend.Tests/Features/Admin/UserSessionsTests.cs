using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;
using static Backend.Tests.Features.Admin.AdminApi;

namespace Backend.Tests.Features.Admin;

/// <summary>Deactivation, session revocation and admin-issued password resets.</summary>
public sealed class UserSessionsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Deactivation_kills_a_live_session_at_once_and_every_refresh_token()
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var session = await AuthHelper.LoginAsync(Host, email);
        using var userClient = Host.CreateClient(session.GetProperty("access_token").GetString());
        // The token's state is now cached on this replica; deactivation must not wait for the cache to expire.
        (await userClient.GetAsync(Path("/api/v1/auth/me"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var deactivate = await Host.CreateClient(adminToken).PostAsync(User(userId, "/deactivate"), null);

        (await deactivate.ShouldBeEnvelopeAsync()).GetProperty("is_active").GetBoolean().ShouldBeFalse();
        using var me = await userClient.GetAsync(Path("/api/v1/auth/me"));
        await me.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var refresh = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/refresh"), new { refresh_token = session.GetProperty("refresh_token").GetString() });
        await refresh.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var login = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/token"), new { email, password = AuthHelper.Password });
        await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM backend_auth.refresh_tokens WHERE user_id = @userId AND (revoked_at IS NULL OR revoked_reason <> 'deactivated')", new { userId })).ShouldBe(0);
        (await AuditRowsAsync(Host, "admin.user_deactivate", userId)).ShouldHaveSingleItem().ActorId.ShouldBe(adminId);

        using var reactivate = await Host.CreateClient(adminToken).PatchAsJsonAsync(User(userId), new { is_active = true });
        (await reactivate.ShouldBeEnvelopeAsync()).GetProperty("is_active").GetBoolean().ShouldBeTrue();
        (await AuthHelper.LoginAsync(Host, email)).GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
        using var missing = await Host.CreateClient(adminToken).PostAsync(User(Guid.NewGuid(), "/deactivate"), null);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revoking_sessions_ends_access_and_refresh_tokens_but_the_user_may_log_in_again()
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var first = await AuthHelper.LoginAsync(Host, email);
        var second = await AuthHelper.LoginAsync(Host, email);
        using var userClient = Host.CreateClient(first.GetProperty("access_token").GetString());
        (await userClient.GetAsync(Path("/api/v1/auth/me"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var revoke = await Host.CreateClient(adminToken).PostAsync(User(userId, "/sessions/revoke"), null);

        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var me = await userClient.GetAsync(Path("/api/v1/auth/me"));
        await me.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        foreach (var session in new[] { first, second })
        {
            using var refresh = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/refresh"), new { refresh_token = session.GetProperty("refresh_token").GetString() });
            await refresh.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        var audit = (await AuditRowsAsync(Host, "admin.sessions_revoke", userId)).ShouldHaveSingleItem();
        audit.ActorId.ShouldBe(adminId);
        Json(audit.Details).GetProperty("refresh_tokens_revoked").GetInt32().ShouldBe(2);
        (await AuthHelper.LoginAsync(Host, email)).GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
        using var missing = await Host.CreateClient(adminToken).PostAsync(User(Guid.NewGuid(), "/sessions/revoke"), null);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_issued_reset_token_is_returned_once_and_redeemable_by_the_user()
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);

        using var issue = await Host.CreateClient(adminToken).PostAsync(User(userId, "/password-reset"), null);

        var issued = await issue.ShouldBeEnvelopeAsync();
        issue.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var token = issued.GetProperty("reset_token").GetString()!;
        issued.GetProperty("expires_at").GetDateTimeOffset().ShouldBeGreaterThan(Host.Time.GetUtcNow());
        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            (await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM backend_auth.password_reset_tokens WHERE user_id = @userId AND used_at IS NULL", new { userId })).ShouldBe(1);
        }

        var audit = (await AuditRowsAsync(Host, "admin.password_reset_issue", userId)).ShouldHaveSingleItem();
        audit.ActorId.ShouldBe(adminId);
        audit.Details.ShouldNotContain(token);
        const string newPassword = "another sturdy passphrase 9";
        using var reset = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/password/reset"), new { token, new_password = newPassword });
        reset.IsSuccessStatusCode.ShouldBeTrue(await reset.Content.ReadAsStringAsync());
        (await AuthHelper.LoginAsync(Host, email, newPassword)).GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
        Host.Logs.Lines.ShouldNotContain(line => line.Contains(token, StringComparison.Ordinal));

        using var missing = await Host.CreateClient(adminToken).PostAsync(User(Guid.NewGuid(), "/password-reset"), null);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
