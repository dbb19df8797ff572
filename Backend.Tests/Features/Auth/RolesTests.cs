using System.Net;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

public sealed class RolesTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Theory]
    [InlineData("user", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("moderator", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.OK, HttpStatusCode.NoContent)]
    public async Task Policies_order_user_below_moderator_below_admin(string role, HttpStatusCode moderatorArea, HttpStatusCode adminArea)
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host, role);
        using var client = Host.CreateClient(token);

        using var moderator = await client.GetAsync(new Uri("/api/v1/test-probes/moderator", UriKind.Relative));
        using var admin = await client.GetAsync(new Uri("/api/v1/test-probes/admin", UriKind.Relative));

        moderator.StatusCode.ShouldBe(moderatorArea);
        admin.StatusCode.ShouldBe(adminArea);
        if (moderatorArea == HttpStatusCode.Forbidden)
        {
            await moderator.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
        else
        {
            var seen = JsonDocument.Parse(await moderator.Content.ReadAsStringAsync()).RootElement;
            seen.GetProperty("user_id").GetGuid().ShouldBe(userId);
            seen.GetProperty("role").GetString().ShouldBe(role);
            seen.GetProperty("is_admin").GetBoolean().ShouldBe(role == "admin");
        }
    }

    [Fact]
    public async Task An_inactive_user_cannot_log_in_and_their_tokens_stop_working()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var token = (await AuthHelper.LoginAsync(Host, email)).GetProperty("access_token").GetString();
        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE backend_auth.users SET is_active = false WHERE id = @userId", new { userId });
        }

        using var login = await Host.Client.PostAsync(new Uri("/api/v1/auth/token", UriKind.Relative),
            JsonContent(new { email, password = AuthHelper.Password }));
        await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        // Another replica deactivated the user: this one notices within the revocation cache's 30 s.
        Host.Time.Advance(TimeSpan.FromSeconds(31));
        using var me = await Host.CreateClient(token).GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        await me.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_role_changed_in_the_database_invalidates_tokens_carrying_the_old_role()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        using var client = Host.CreateClient(token);
        (await client.GetAsync(new Uri("/api/v1/test-probes/admin", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await AuthHelper.SetRoleAsync(Host, userId, "user");
        Host.Time.Advance(TimeSpan.FromSeconds(31));

        using var after = await client.GetAsync(new Uri("/api/v1/test-probes/admin", UriKind.Relative));
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static StringContent JsonContent(object value) => new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}
