using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;
using static Backend.Tests.Features.Admin.AdminApi;

namespace Backend.Tests.Features.Admin;

public sealed class AdminUsersTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task List_filters_by_q_role_and_active_flag_and_pages_with_limit_and_offset()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var tag = Guid.NewGuid().ToString("N")[..12];
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await AuthHelper.RegisterAsync(Host, $"{tag}-{i}@example.com"));
        }

        await AuthHelper.SetRoleAsync(Host, ids[0], "moderator");
        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE backend_auth.users SET is_active = false WHERE id = @id", new { id = ids[1] });
        }

        using var client = Host.CreateClient(adminToken);
        using var all = await client.GetAsync(Path($"/api/v1/admin/users?q={tag.ToUpperInvariant()}&limit=2"));
        var allBody = Json(await all.Content.ReadAsStringAsync());
        (await all.ShouldBeEnvelopeAsync()).GetArrayLength().ShouldBe(2);
        var pagination = allBody.GetProperty("meta").GetProperty("pagination");
        pagination.GetProperty("total").GetInt64().ShouldBe(3);
        pagination.GetProperty("has_more").GetBoolean().ShouldBeTrue();

        using var second = await client.GetAsync(Path($"/api/v1/admin/users?q={tag}&limit=2&offset=2"));
        var secondPage = await second.ShouldBeEnvelopeAsync();
        secondPage.GetArrayLength().ShouldBe(1);
        secondPage[0].GetProperty("id").GetGuid().ShouldBe(ids[0]);
        secondPage[0].TryGetProperty("password_hash", out _).ShouldBeFalse();

        using var moderators = await client.GetAsync(Path($"/api/v1/admin/users?q={tag}&role=moderator"));
        (await moderators.ShouldBeEnvelopeAsync()).EnumerateArray().Select(u => u.GetProperty("id").GetGuid()).ShouldBe([ids[0]]);
        using var inactive = await client.GetAsync(Path($"/api/v1/admin/users?q={tag}&is_active=false"));
        (await inactive.ShouldBeEnvelopeAsync()).EnumerateArray().Select(u => u.GetProperty("id").GetGuid()).ShouldBe([ids[1]]);
        using var badRole = await client.GetAsync(Path("/api/v1/admin/users?role=root"));
        await badRole.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_returns_the_user_with_lockout_state_and_404_for_an_unknown_id()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        using var client = Host.CreateClient(adminToken);

        using var found = await client.GetAsync(User(userId));
        var user = await found.ShouldBeEnvelopeAsync();
        user.GetProperty("email").GetString().ShouldBe(email);
        user.GetProperty("role").GetString().ShouldBe("user");
        user.GetProperty("failed_login_count").GetInt32().ShouldBe(0);
        using var missing = await client.GetAsync(User(Guid.NewGuid()));
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Moderators_may_read_users_but_not_change_them_and_users_may_do_neither()
    {
        var targetId = await AuthHelper.RegisterAsync(Host, AuthHelper.NewEmail());
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        var (_, userToken) = await AuthHelper.RegisterAndLoginAsync(Host, "user");
        using var moderator = Host.CreateClient(moderatorToken);
        using var user = Host.CreateClient(userToken);

        (await moderator.GetAsync(Path("/api/v1/admin/users"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await moderator.GetAsync(User(targetId))).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var write in Writes(targetId))
        {
            using var asModerator = await moderator.SendAsync(write());
            await asModerator.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            using var asUser = await user.SendAsync(write());
            await asUser.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            using var anonymous = await Host.Client.SendAsync(write());
            await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var userList = await user.GetAsync(Path("/api/v1/admin/users"));
        await userList.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var userGet = await user.GetAsync(User(targetId));
        await userGet.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var anonymousList = await Host.Client.GetAsync(Path("/api/v1/admin/users"));
        await anonymousList.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<bool>("SELECT is_active FROM backend_auth.users WHERE id = @targetId", new { targetId })).ShouldBeTrue();
    }

    [Fact]
    public async Task Patch_changes_role_and_names_ends_the_sessions_of_a_role_change_and_is_audited()
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var session = await AuthHelper.LoginAsync(Host, email);
        using var userClient = Host.CreateClient(session.GetProperty("access_token").GetString());
        (await userClient.GetAsync(Path("/api/v1/auth/me"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var client = Host.CreateClient(adminToken);

        using var patched = await client.PatchAsJsonAsync(User(userId), new { role = "moderator", first_name = " Ada " });

        var user = await patched.ShouldBeEnvelopeAsync();
        user.GetProperty("role").GetString().ShouldBe("moderator");
        user.GetProperty("first_name").GetString().ShouldBe("Ada");
        using var me = await userClient.GetAsync(Path("/api/v1/auth/me"));
        await me.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var refresh = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/refresh"), new { refresh_token = session.GetProperty("refresh_token").GetString() });
        await refresh.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var audit = (await AuditRowsAsync(Host, "admin.user_update", userId)).ShouldHaveSingleItem();
        audit.ActorId.ShouldBe(adminId);
        audit.Outcome.ShouldBe("success");
        Json(audit.Details).GetProperty("role").GetString().ShouldBe("moderator");

        using var namesOnly = await client.PatchAsJsonAsync(User(userId), new { last_name = "Lovelace" });
        (await namesOnly.ShouldBeEnvelopeAsync()).GetProperty("last_name").GetString().ShouldBe("Lovelace");
        using var empty = await client.PatchAsJsonAsync(User(userId), new { });
        await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var badRole = await client.PatchAsJsonAsync(User(userId), new { role = "owner" });
        await badRole.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var missing = await client.PatchAsJsonAsync(User(Guid.NewGuid()), new { first_name = "X" });
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unlock_clears_the_lock_and_the_failure_count_so_the_user_can_log_in()
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "UPDATE backend_auth.users SET locked_until = @until, failed_login_count = 3, lockout_count = 2 WHERE id = @userId",
            new { userId, until = Host.Time.GetUtcNow().AddHours(1) });
        using var locked = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/token"), new { email, password = AuthHelper.Password });
        await locked.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var unlock = await Host.CreateClient(adminToken).PostAsync(User(userId, "/unlock"), null);

        var user = await unlock.ShouldBeEnvelopeAsync();
        user.GetProperty("locked_until").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await connection.ExecuteScalarAsync<int>("SELECT failed_login_count + lockout_count FROM backend_auth.users WHERE id = @userId", new { userId })).ShouldBe(0);
        (await AuthHelper.LoginAsync(Host, email)).GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
        (await AuditRowsAsync(Host, "admin.user_unlock", userId)).ShouldHaveSingleItem().ActorId.ShouldBe(adminId);
        using var missing = await Host.CreateClient(adminToken).PostAsync(User(Guid.NewGuid(), "/unlock"), null);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static IEnumerable<Func<HttpRequestMessage>> Writes(Guid id) =>
    [
        () => new HttpRequestMessage(HttpMethod.Patch, User(id)) { Content = JsonContent.Create(new { is_active = false }) },
        () => new HttpRequestMessage(HttpMethod.Post, User(id, "/deactivate")),
        () => new HttpRequestMessage(HttpMethod.Post, User(id, "/unlock")),
        () => new HttpRequestMessage(HttpMethod.Post, User(id, "/sessions/revoke")),
        () => new HttpRequestMessage(HttpMethod.Post, User(id, "/password-reset")),
    ];
}
