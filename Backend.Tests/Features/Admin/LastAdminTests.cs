using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;
using static Backend.Tests.Features.Admin.AdminApi;

namespace Backend.Tests.Features.Admin;

/// <summary>Each test starts its own host: the rule depends on how many admins the database holds.</summary>
public sealed class LastAdminTests
{
    [Fact]
    public async Task The_last_active_admin_cannot_be_demoted_or_deactivated()
    {
        await using var host = await TestHost.StartAsync();
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(host, "admin");
        using var client = host.CreateClient(adminToken);

        using var demote = await client.PatchAsJsonAsync(User(adminId), new { role = "moderator" });
        using var deactivate = await client.PostAsync(User(adminId, "/deactivate"), null);
        using var patchInactive = await client.PatchAsJsonAsync(User(adminId), new { is_active = false });

        (await demote.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString().ShouldEndWith("last-admin");
        await deactivate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await patchInactive.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await using var connection = await host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<string>("SELECT role || ':' || is_active FROM backend_auth.users WHERE id = @adminId", new { adminId })).ShouldBe("admin:true");
        (await AuditRowsAsync(host, "admin.user_update", adminId)).Select(r => r.Outcome).ShouldBe(["denied", "denied"]);
        (await AuditRowsAsync(host, "admin.user_deactivate", adminId)).ShouldHaveSingleItem().Outcome.ShouldBe("denied");

        // Names are not guarded, and with a second admin the first may step down.
        using var rename = await client.PatchAsJsonAsync(User(adminId), new { first_name = "Root" });
        rename.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (otherId, _) = await AuthHelper.RegisterAndLoginAsync(host, "admin");
        using var stepDown = await client.PatchAsJsonAsync(User(adminId), new { role = "user" });
        (await stepDown.ShouldBeEnvelopeAsync()).GetProperty("role").GetString().ShouldBe("user");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_auth.users WHERE role = 'admin' AND is_active")).ShouldBe(1);
        (await connection.ExecuteScalarAsync<Guid>("SELECT id FROM backend_auth.users WHERE role = 'admin' AND is_active")).ShouldBe(otherId);
    }

    [Fact]
    public async Task Two_admins_removing_each_other_at_the_same_time_leave_one_active_admin()
    {
        await using var host = await TestHost.StartAsync();
        var (firstId, firstToken) = await AuthHelper.RegisterAndLoginAsync(host, "admin");
        var (secondId, secondToken) = await AuthHelper.RegisterAndLoginAsync(host, "admin");
        using var first = host.CreateClient(firstToken);
        using var second = host.CreateClient(secondToken);

        var results = await Task.WhenAll(
            first.PostAsync(User(secondId, "/deactivate"), null),
            second.PatchAsJsonAsync(User(firstId), new { role = "user" }));

        // The loser is refused by the last-admin rule (409) or, when the winner committed before it authenticated, its token is dead (401).
        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        results.Count(r => r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Unauthorized).ShouldBe(1);
        await using var connection = await host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_auth.users WHERE role = 'admin' AND is_active")).ShouldBe(1);
        foreach (var response in results)
        {
            response.Dispose();
        }
    }
}
