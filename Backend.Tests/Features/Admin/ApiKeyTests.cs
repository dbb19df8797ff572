using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;
using static Backend.Tests.Features.Admin.AdminApi;

namespace Backend.Tests.Features.Admin;

public sealed class ApiKeyTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Create_shows_the_key_once_and_stores_only_its_hash()
    {
        var (adminId, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        using var client = Host.CreateClient(adminToken);
        var name = "ingest-" + Guid.NewGuid().ToString("N")[..8];

        using var created = await client.PostAsJsonAsync(Path("/api/v1/admin/api-keys"), new { name, role = "moderator" });

        var data = await created.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        var key = data.GetProperty("key").GetString()!;
        var apiKey = data.GetProperty("api_key");
        var id = apiKey.GetProperty("id").GetGuid();
        var prefix = apiKey.GetProperty("prefix").GetString()!;
        key.ShouldMatch("^bk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$");
        key.ShouldStartWith($"bk_{prefix}_");
        apiKey.GetProperty("role").GetString().ShouldBe("moderator");
        apiKey.GetProperty("created_by").GetGuid().ShouldBe(adminId);
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/admin/api-keys/{id}");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var stored = await connection.QuerySingleAsync<byte[]>("SELECT key_hash FROM backend_auth.api_keys WHERE id = @id", new { id });
        stored.ShouldBe(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        var audit = (await AuditRowsAsync(Host, "admin.api_key_create", id)).ShouldHaveSingleItem();
        audit.ActorId.ShouldBe(adminId);
        audit.TargetType.ShouldBe("api_key");
        audit.Details.ShouldNotContain(key[12..]);

        using var duplicate = await client.PostAsJsonAsync(Path("/api/v1/admin/api-keys"), new { name = name.ToUpperInvariant() });
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        using var badRole = await client.PostAsJsonAsync(Path("/api/v1/admin/api-keys"), new { name = "x", role = "root" });
        await badRole.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var past = await client.PostAsJsonAsync(Path("/api/v1/admin/api-keys"), new { name = "y", expires_at = Host.Time.GetUtcNow().AddMinutes(-1) });
        await past.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_and_get_never_show_the_secret_and_revoked_keys_only_when_asked()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (liveKey, liveId) = await CreateApiKeyAsync(Host, adminToken);
        var (revokedKey, revokedId) = await CreateApiKeyAsync(Host, adminToken);
        using var client = Host.CreateClient(adminToken);
        (await client.DeleteAsync(Path($"/api/v1/admin/api-keys/{revokedId}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var list = await client.GetAsync(Path("/api/v1/admin/api-keys?limit=100"));
        var listText = await list.Content.ReadAsStringAsync();
        var ids = (await list.ShouldBeEnvelopeAsync()).EnumerateArray().Select(k => k.GetProperty("id").GetGuid()).ToList();
        ids.ShouldContain(liveId);
        ids.ShouldNotContain(revokedId);
        listText.ShouldNotContain(liveKey[12..]);
        using var withRevoked = await client.GetAsync(Path("/api/v1/admin/api-keys?include_revoked=true&limit=100"));
        var revoked = (await withRevoked.ShouldBeEnvelopeAsync()).EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == revokedId);
        revoked.GetProperty("revoked_at").GetDateTimeOffset().ShouldBe(Host.Time.GetUtcNow(), TimeSpan.FromSeconds(1));
        using var get = await client.GetAsync(Path($"/api/v1/admin/api-keys/{liveId}"));
        var getText = await get.Content.ReadAsStringAsync();
        (await get.ShouldBeEnvelopeAsync()).GetProperty("id").GetGuid().ShouldBe(liveId);
        getText.ShouldNotContain(liveKey[12..]);
        getText.ShouldNotContain(revokedKey[12..]);
        using var missing = await client.GetAsync(Path($"/api/v1/admin/api-keys/{Guid.NewGuid()}"));
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var deleteMissing = await client.DeleteAsync(Path($"/api/v1/admin/api-keys/{Guid.NewGuid()}"));
        await deleteMissing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await AuditRowsAsync(Host, "admin.api_key_revoke", revokedId)).ShouldHaveSingleItem().Outcome.ShouldBe("success");
    }

    [Fact]
    public async Task Key_management_is_for_admins_only()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (_, keyId) = await CreateApiKeyAsync(Host, adminToken);
        var (_, moderatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "moderator");
        var (_, userToken) = await AuthHelper.RegisterAndLoginAsync(Host, "user");

        foreach (var token in new[] { moderatorToken, userToken, null })
        {
            using var client = Host.CreateClient(token);
            var expected = token is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            using var create = await client.PostAsJsonAsync(Path("/api/v1/admin/api-keys"), new { name = "nope-" + Guid.NewGuid().ToString("N")[..6] });
            await create.ShouldBeProblemAsync(expected);
            using var list = await client.GetAsync(Path("/api/v1/admin/api-keys"));
            await list.ShouldBeProblemAsync(expected);
            using var get = await client.GetAsync(Path($"/api/v1/admin/api-keys/{keyId}"));
            await get.ShouldBeProblemAsync(expected);
            using var delete = await client.DeleteAsync(Path($"/api/v1/admin/api-keys/{keyId}"));
            await delete.ShouldBeProblemAsync(expected);
        }

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<DateTime?>("SELECT revoked_at FROM backend_auth.api_keys WHERE id = @keyId", new { keyId })).ShouldBeNull();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_key_creates_an_entity_as_itself_and_logs_and_audit_name_the_key(bool useXApiKeyHeader)
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var name = "crawler-" + Guid.NewGuid().ToString("N")[..8];
        var (key, keyId) = await CreateApiKeyAsync(Host, adminToken, name);
        using var client = ApiKeyClient(Host, key, useXApiKeyHeader);

        using var created = await client.PostAsJsonAsync(Path("/api/v1/entities"), new { name = "Acme " + name, type = "organization", confidence = 0.9, source_type = "manual" });

        var entity = await created.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        entity.GetProperty("created_by").GetGuid().ShouldBe(keyId, "the key is its own principal, not its creating admin");
        var entityId = entity.GetProperty("id").GetGuid();
        var requestId = created.Headers.GetValues("X-Request-ID").Single();
        var summary = await Host.Logs.WaitForAsync(e => e.GetProperty("request_id").GetString() == requestId && e.TryGetProperty("status_code", out _));
        summary.GetProperty("api_key_name").GetString().ShouldBe(name);
        summary.GetProperty("user_id").GetString().ShouldBe(keyId.ToString());
        summary.GetProperty("role").GetString().ShouldBe("user");
        var secret = key[12..];
        Host.Logs.Lines.ShouldNotContain(line => line.Contains(secret, StringComparison.Ordinal));
        var audit = (await AuditRowsAsync(Host, "entity.create", entityId)).ShouldHaveSingleItem();
        audit.ActorId.ShouldBe(keyId);
        var auditKey = Json(audit.Details).GetProperty("api_key");
        auditKey.GetProperty("name").GetString().ShouldBe(name);
        auditKey.GetProperty("id").GetGuid().ShouldBe(keyId);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<DateTime?>("SELECT last_used_at FROM backend_auth.api_keys WHERE id = @keyId", new { keyId })).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_key_has_its_own_role_not_its_owners()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (userKey, _) = await CreateApiKeyAsync(Host, adminToken, role: "user");
        var (adminKey, _) = await CreateApiKeyAsync(Host, adminToken, role: "admin");

        using var asUser = await ApiKeyClient(Host, userKey).GetAsync(Path("/api/v1/admin/users"));
        using var asAdmin = await ApiKeyClient(Host, adminKey, useXApiKeyHeader: true).GetAsync(Path("/api/v1/admin/users"));

        await asUser.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        asAdmin.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_revoked_key_is_rejected_with_401()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, keyId) = await CreateApiKeyAsync(Host, adminToken);
        using var client = ApiKeyClient(Host, key);
        (await client.GetAsync(Path("/api/v1/entities"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var revoke = await Host.CreateClient(adminToken).DeleteAsync(Path($"/api/v1/admin/api-keys/{keyId}"));
        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var after = await client.GetAsync(Path("/api/v1/entities"));
        var problem = await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("type").GetString().ShouldEndWith("invalid-api-key");
        after.Headers.WwwAuthenticate.ToString().ShouldBe("ApiKey");
        using var again = await Host.CreateClient(adminToken).DeleteAsync(Path($"/api/v1/admin/api-keys/{keyId}"));
        again.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task An_expired_key_is_rejected_with_401()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, _) = await CreateApiKeyAsync(Host, adminToken, expiresAt: Host.Time.GetUtcNow().AddMinutes(2));
        using var client = ApiKeyClient(Host, key, useXApiKeyHeader: true);
        (await client.GetAsync(Path("/api/v1/entities"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        Host.Time.Advance(TimeSpan.FromMinutes(3));

        using var after = await client.GetAsync(Path("/api/v1/entities"));
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("bk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    public async Task Unknown_or_malformed_keys_are_rejected_with_401(string key)
    {
        using var response = await ApiKeyClient(Host, key).GetAsync(Path("/api/v1/entities"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Last_used_at_is_written_at_most_once_a_minute()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, keyId) = await CreateApiKeyAsync(Host, adminToken);
        using var client = ApiKeyClient(Host, key);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        async Task<DateTime?> LastUsed() => await connection.ExecuteScalarAsync<DateTime?>("SELECT last_used_at FROM backend_auth.api_keys WHERE id = @keyId", new { keyId });

        (await client.GetAsync(Path("/api/v1/entities"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var first = await LastUsed();
        Host.Time.Advance(TimeSpan.FromSeconds(20));
        (await client.GetAsync(Path("/api/v1/entities"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await LastUsed();
        Host.Time.Advance(TimeSpan.FromSeconds(50));
        (await client.GetAsync(Path("/api/v1/entities"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var third = await LastUsed();

        first.ShouldNotBeNull();
        second.ShouldBe(first);
        third!.Value.ShouldBeGreaterThan(first.Value);
    }

    [Fact]
    public async Task A_key_stops_working_when_its_owner_is_deactivated()
    {
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (ownerId, ownerToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        var (key, _) = await CreateApiKeyAsync(Host, ownerToken);
        using var client = ApiKeyClient(Host, key);
        (await client.GetAsync(Path("/api/v1/entities"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Host.CreateClient(adminToken).PostAsync(User(ownerId, "/deactivate"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var after = await client.GetAsync(Path("/api/v1/entities"));
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
