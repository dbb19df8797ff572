using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;
using static Backend.Tests.Features.Admin.AdminApi;

namespace Backend.Tests.Features.Auth;

/// <summary>An API key is a principal of its own: its own id and role (capped at its creator's), never its creator's account.</summary>
public sealed class ApiKeyPrincipalTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Validate_answers_the_keys_own_identity_and_role_not_its_creators(bool useXApiKeyHeader)
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var name = "validator-" + Guid.NewGuid().ToString("N")[..8];
        var (key, keyId) = await CreateApiKeyAsync(Host, adminToken, name, role: "user");

        using var response = await ApiKeyClient(Host, key, useXApiKeyHeader).GetAsync(Path("/api/v1/auth/validate"));

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("id").GetGuid().ShouldBe(keyId);
        data.GetProperty("id").GetGuid().ShouldNotBe(adminId);
        data.GetProperty("role").GetString().ShouldBe("user");
        data.GetProperty("email").GetString().ShouldBe($"api-key-{keyId}@api-keys.invalid");
        data.GetProperty("last_name").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task Me_with_a_key_is_a_403_problem_naming_the_reason()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, _) = await CreateApiKeyAsync(Host, adminToken, role: "user");

        using var response = await ApiKeyClient(Host, key, useXApiKeyHeader: true).GetAsync(Path("/api/v1/auth/me"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("type").GetString().ShouldBe("urn:backend:problem:api-key-not-allowed");
        problem.GetProperty("detail").GetString()!.ShouldContain("API keys cannot use account endpoints");
    }

    [Fact]
    public async Task Account_operations_with_a_key_are_refused_and_leave_the_creators_account_untouched()
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, _) = await CreateApiKeyAsync(Host, adminToken, role: "admin");
        using var client = ApiKeyClient(Host, key);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var before = await connection.QuerySingleAsync<(string FirstName, string Hash, DateTime ValidAfter)>(
            "SELECT first_name, password_hash, tokens_valid_after FROM backend_auth.users WHERE id = @adminId", new { adminId });

        using var patch = await client.PatchAsJsonAsync(Path("/api/v1/auth/me"), new { first_name = "Hijacked" });
        using var logoutAll = await client.PostAsJsonAsync(Path("/api/v1/auth/logout"), new { all = true });
        using var change = await client.PostAsJsonAsync(Path("/api/v1/auth/password/change"), new { current_password = AuthHelper.Password, new_password = "a hijacked passphrase 42" });
        using var forgot = await client.PostAsJsonAsync(Path("/api/v1/auth/password/forgot"), new { email = "someone@example.com" });
        using var reset = await client.PostAsJsonAsync(Path("/api/v1/auth/password/reset"), new { token = "x", new_password = "a hijacked passphrase 42" });

        foreach (var response in new[] { patch, logoutAll, change, forgot, reset })
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("type").GetString().ShouldBe("urn:backend:problem:api-key-not-allowed");
        }

        var after = await connection.QuerySingleAsync<(string FirstName, string Hash, DateTime ValidAfter)>(
            "SELECT first_name, password_hash, tokens_valid_after FROM backend_auth.users WHERE id = @adminId", new { adminId });
        after.ShouldBe(before);
        using var me = await Host.CreateClient(adminToken).GetAsync(Path("/api/v1/auth/me"));
        me.StatusCode.ShouldBe(HttpStatusCode.OK, "the creator's session survived");
    }

    [Fact]
    public async Task A_user_key_cannot_delete_what_its_creating_admin_created()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, _) = await CreateApiKeyAsync(Host, adminToken, role: "user");
        using var admin = Host.CreateClient(adminToken);
        using var created = await admin.PostAsJsonAsync(Path("/api/v1/entities"), new { name = "Owned " + Guid.NewGuid(), type = "organization", confidence = 0.9, source_type = "manual" });
        var entityId = (await created.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        using var delete = await ApiKeyClient(Host, key).DeleteAsync(Path($"/api/v1/entities/{entityId}"));

        await delete.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<bool>("SELECT deleted_at IS NULL FROM backend_entities.entities WHERE id = @entityId", new { entityId })).ShouldBeTrue();
    }

    [Fact]
    public async Task A_key_can_delete_what_it_created_itself()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, keyId) = await CreateApiKeyAsync(Host, adminToken, role: "user");
        using var client = ApiKeyClient(Host, key);
        using var created = await client.PostAsJsonAsync(Path("/api/v1/entities"), new { name = "Keyed " + Guid.NewGuid(), type = "organization", confidence = 0.9, source_type = "manual" });
        var entity = await created.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        entity.GetProperty("created_by").GetGuid().ShouldBe(keyId);

        using var delete = await client.DeleteAsync(Path($"/api/v1/entities/{entity.GetProperty("id").GetGuid()}"));

        delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task An_admin_key_loses_admin_rights_as_soon_as_its_creator_is_demoted()
    {
        var (creatorId, creatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (_, otherAdminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, keyId) = await CreateApiKeyAsync(Host, creatorToken, role: "admin");
        using var keyClient = ApiKeyClient(Host, key);
        (await keyClient.GetAsync(Path("/api/v1/admin/users"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var demote = await Host.CreateClient(otherAdminToken).PatchAsJsonAsync(User(creatorId), new { role = "user" });
        demote.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var list = await keyClient.GetAsync(Path("/api/v1/admin/users"));
        await list.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var promoteBack = await keyClient.PatchAsJsonAsync(User(creatorId), new { role = "admin" });
        await promoteBack.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var validate = await keyClient.GetAsync(Path("/api/v1/auth/validate"));
        var data = await validate.ShouldBeEnvelopeAsync();
        data.GetProperty("id").GetGuid().ShouldBe(keyId);
        data.GetProperty("role").GetString().ShouldBe("user", "capped at the creator's current role");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<string>("SELECT role FROM backend_auth.users WHERE id = @creatorId", new { creatorId })).ShouldBe("user");
    }

    [Fact]
    public async Task A_keys_role_is_capped_at_a_moderator_creators_role()
    {
        var (creatorId, creatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, _) = await CreateApiKeyAsync(Host, creatorToken, role: "admin");
        await AuthHelper.SetRoleAsync(Host, creatorId, "moderator");

        using var validate = await ApiKeyClient(Host, key).GetAsync(Path("/api/v1/auth/validate"));

        (await validate.ShouldBeEnvelopeAsync()).GetProperty("role").GetString().ShouldBe("moderator");
    }

    [Fact]
    public async Task Audit_rows_of_a_keys_changes_name_the_key_as_the_actor()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, keyId) = await CreateApiKeyAsync(Host, adminToken, role: "admin");
        var (userId, _) = await AuthHelper.RegisterAndLoginAsync(Host);

        using var unlock = await ApiKeyClient(Host, key).PostAsync(User(userId, "/unlock"), null);

        unlock.StatusCode.ShouldBe(HttpStatusCode.OK);
        var audit = (await AuditRowsAsync(Host, "admin.user_unlock", userId)).ShouldHaveSingleItem();
        audit.ActorId.ShouldBe(keyId);
        Json(audit.Details).GetProperty("api_key").GetProperty("id").GetGuid().ShouldBe(keyId);
    }

    [Fact]
    public async Task Service_accounts_of_keys_are_not_listed_as_users_and_cannot_log_in()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (_, keyId) = await CreateApiKeyAsync(Host, adminToken);

        using var list = await Host.CreateClient(adminToken).GetAsync(Path("/api/v1/admin/users?limit=100&q=api-keys.invalid"));
        (await list.ShouldBeEnvelopeAsync()).GetArrayLength().ShouldBe(0);
        using var login = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/token"), new { email = $"api-key-{keyId}@api-keys.invalid", password = "!" });
        await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<string>("SELECT kind FROM backend_auth.users WHERE id = @keyId", new { keyId })).ShouldBe("service");
    }

    [Fact]
    public async Task Revoking_a_key_deactivates_its_principal()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, keyId) = await CreateApiKeyAsync(Host, adminToken);
        (await Host.CreateClient(adminToken).DeleteAsync(Path($"/api/v1/admin/api-keys/{keyId}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var validate = await ApiKeyClient(Host, key).GetAsync(Path("/api/v1/auth/validate"));

        await validate.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<bool>("SELECT is_active FROM backend_auth.users WHERE id = @keyId", new { keyId })).ShouldBeFalse();
    }
}
