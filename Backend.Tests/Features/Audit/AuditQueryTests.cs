using System.Net;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using static Backend.Tests.Features.Admin.AdminApi;

namespace Backend.Tests.Features.Audit;

public sealed class AuditQueryTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Cursor_paging_walks_a_target_history_newest_first_without_gaps_or_repeats()
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var targetId = await AuthHelper.RegisterAsync(Host, AuthHelper.NewEmail());
        using var client = Host.CreateClient(adminToken);
        for (var i = 0; i < 5; i++)
        {
            (await client.PostAsync(User(targetId, "/unlock"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var seen = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var query = $"/api/v1/admin/audit?target_id={targetId}&action=admin.user_unlock&limit=2" + (cursor is null ? "" : "&cursor=" + cursor);
            using var response = await client.GetAsync(Path(query));
            var body = Json(await response.Content.ReadAsStringAsync());
            seen.AddRange((await response.ShouldBeEnvelopeAsync()).EnumerateArray());
            var pagination = body.GetProperty("meta").GetProperty("pagination");
            cursor = pagination.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
            pagination.GetProperty("has_more").GetBoolean().ShouldBe(cursor is not null);
            pages++;
        }
        while (cursor is not null && pages < 10);

        pages.ShouldBe(3);
        seen.Count.ShouldBe(5);
        seen.Select(e => e.GetProperty("id").GetGuid()).Distinct().Count().ShouldBe(5);
        var keys = seen.Select(e => (e.GetProperty("occurred_at").GetDateTimeOffset(), e.GetProperty("id").GetGuid())).ToList();
        keys.ShouldBe(keys.OrderByDescending(k => k.Item1).ThenByDescending(k => k.Item2.ToString()).ToList());
        seen.ShouldAllBe(e => e.GetProperty("actor_id").GetGuid() == adminId && e.GetProperty("target_type").GetString() == "user" && e.GetProperty("outcome").GetString() == "success");
        seen[0].GetProperty("request_id").GetString().ShouldNotBeNullOrEmpty();
        seen[0].GetProperty("details").ValueKind.ShouldBe(JsonValueKind.Object);
    }

    [Fact]
    public async Task Filters_by_actor_outcome_target_type_and_time_range()
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        using var client = Host.CreateClient(adminToken);
        Host.Time.Advance(TimeSpan.FromSeconds(1));
        var before = Host.Time.GetUtcNow();
        Host.Time.Advance(TimeSpan.FromSeconds(5));
        (await client.PostAsync(User(userId, "/unlock"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        Host.Time.Advance(TimeSpan.FromSeconds(5));
        var middle = Host.Time.GetUtcNow();
        Host.Time.Advance(TimeSpan.FromSeconds(5));
        (await client.PostAsync(User(userId, "/sessions/revoke"), null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // A failed login of the user: outcome failure, actor the user.
        await Host.Client.PostAsync(Path("/api/v1/auth/token"), new StringContent($"{{\"email\":\"{email}\",\"password\":\"wrong password entirely\"}}", System.Text.Encoding.UTF8, "application/json"));

        async Task<List<string>> Actions(string query)
        {
            using var response = await client.GetAsync(Path("/api/v1/admin/audit?limit=200&" + query));
            return (await response.ShouldBeEnvelopeAsync()).EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToList();
        }

        (await Actions($"actor_id={adminId}&target_id={userId}")).ShouldBe(["admin.sessions_revoke", "admin.user_unlock"]);
        (await Actions($"target_id={userId}&from={Iso(before)}&to={Iso(middle)}")).ShouldBe(["admin.user_unlock"]);
        (await Actions($"target_id={userId}&from={Iso(middle)}&target_type=user&actor_id={adminId}")).ShouldBe(["admin.sessions_revoke"]);
        (await Actions($"actor_id={userId}&outcome=failure")).ShouldBe(["auth.login"]);
        (await Actions($"target_id={userId}&outcome=denied")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_filters_are_400_and_the_audit_is_for_admins_only()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        using var client = Host.CreateClient(adminToken);

        foreach (var query in new[] { "outcome=maybe", "cursor=garbage!", "limit=0", "from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "actor_id=not-a-uuid" })
        {
            using var response = await client.GetAsync(Path("/api/v1/admin/audit?" + query));
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        using var moderator = await Host.CreateClient(moderatorToken).GetAsync(Path("/api/v1/admin/audit"));
        await moderator.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = await Host.Client.GetAsync(Path("/api/v1/admin/audit"));
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string Iso(DateTimeOffset value) => Uri.EscapeDataString(value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture));
}
