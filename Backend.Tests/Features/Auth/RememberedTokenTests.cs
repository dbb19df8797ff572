using System.Net;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

/// <summary>
/// An access token accepted once is answered from memory on later requests (no signature check again); these show that
/// everything that can change about it is still checked on every request.
/// </summary>
public sealed class RememberedTokenTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly Uri Me = new("/api/v1/auth/me", UriKind.Relative);

    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_token_already_accepted_is_refused_at_once_when_an_admin_revokes_the_users_sessions()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        using var client = Host.CreateClient(token);
        (await client.GetAsync(Me)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync(Me)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var revoke = await Host.CreateClient(adminToken).PostAsync(new Uri($"/api/v1/admin/users/{userId}/sessions/revoke", UriKind.Relative), null);
        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var after = await client.GetAsync(Me);
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_already_accepted_stops_working_within_the_revocation_bound_when_the_user_is_deactivated_elsewhere()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        (await client.GetAsync(Me)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE backend_auth.users SET is_active = false WHERE id = @userId", new { userId });
        }

        Host.Time.Advance(TimeSpan.FromSeconds(31));

        using var after = await client.GetAsync(Me);
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_already_accepted_is_refused_once_its_lifetime_and_the_clock_skew_have_passed()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        (await client.GetAsync(Me)).StatusCode.ShouldBe(HttpStatusCode.OK);

        Host.Time.Advance(Host.Settings.Auth.AccessTokenLifetime + Host.Settings.Auth.ClockSkew + TimeSpan.FromSeconds(1));

        using var after = await client.GetAsync(Me);
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
