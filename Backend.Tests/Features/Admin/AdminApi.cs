using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Admin;

/// <summary>Shared steps of the admin tests: relative URIs, API keys, audit rows.</summary>
internal static class AdminApi
{
    public static Uri Path(string relative) => new(relative, UriKind.Relative);

    public static Uri User(Guid id, string suffix = "") => Path($"/api/v1/admin/users/{id}{suffix}");

    /// <summary>Creates a key as <paramref name="adminToken"/>'s admin and returns (key, id).</summary>
    public static async Task<(string Key, Guid Id)> CreateApiKeyAsync(TestHost host, string adminToken, string? name = null, string role = "user", DateTimeOffset? expiresAt = null)
    {
        using var client = host.CreateClient(adminToken);
        using var response = await client.PostAsJsonAsync(Path("/api/v1/admin/api-keys"), new { name = name ?? "svc-" + Guid.NewGuid().ToString("N")[..10], role, expires_at = expiresAt });
        var data = await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        return (data.GetProperty("key").GetString()!, data.GetProperty("api_key").GetProperty("id").GetGuid());
    }

    public static HttpClient ApiKeyClient(TestHost host, string key, bool useXApiKeyHeader = false)
    {
        var client = host.CreateClient();
        if (useXApiKeyHeader)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", key);
        }
        else
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey " + key);
        }

        return client;
    }

    public static async Task<IReadOnlyList<AuditRow>> AuditRowsAsync(TestHost host, string action, Guid targetId)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<AuditRow>(
            "SELECT actor_id AS ActorId, outcome AS Outcome, target_type AS TargetType, details::text AS Details FROM backend_audit.audit_events WHERE action = @action AND target_id = @targetId ORDER BY occurred_at",
            new { action, targetId })).ToList();
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    internal sealed record AuditRow(Guid? ActorId, string Outcome, string? TargetType, string Details);
}
