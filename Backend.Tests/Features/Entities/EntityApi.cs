using System.Net;
using System.Text;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Entities;

/// <summary>Requests and database reads shared by the entity endpoint tests.</summary>
internal static class EntityApi
{
    public static readonly Uri Collection = new("/api/v1/entities", UriKind.Relative);

    public static readonly Uri Batch = new("/api/v1/entities/batch", UriKind.Relative);

    public static Uri Item(Guid id) => new($"/api/v1/entities/{id}", UriKind.Relative);

    public static Uri Restore(Guid id) => new($"/api/v1/entities/{id}/restore", UriKind.Relative);

    public static Uri List(string query) => new($"/api/v1/entities?{query}", UriKind.Relative);

    /// <summary>A type no other test uses, so a listing filtered by it sees only this test's rows.</summary>
    public static string UniqueType() => "t_" + Guid.NewGuid().ToString("N");

    public static string UniqueName(string prefix = "Entity") => $"{prefix} {Guid.NewGuid():N}";

    public static StringContent Json(string body, string mediaType = "application/json") => new(body, Encoding.UTF8, mediaType);

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    /// <summary>Creates an entity and returns the data of the 201 envelope.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsync(Collection, Json(body));
        return await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
    }

    public static Task<JsonElement> CreateAsync(HttpClient client, string? type = null, string? name = null) =>
        CreateAsync(client, new { name = name ?? UniqueName(), type = type ?? UniqueType() });

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync(Item(id));
        return await response.ShouldBeEnvelopeAsync();
    }

    public static async Task<IReadOnlyList<JsonElement>> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(List(query));
        return (await response.ShouldBeEnvelopeAsync()).EnumerateArray().ToList();
    }

    public static HttpRequestMessage Request(HttpMethod method, Guid id, HttpContent? content = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, Item(id)) { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    /// <summary>The row as stored, or null when there is none.</summary>
    public static async Task<StoredEntity?> RowAsync(TestHost host, Guid id)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<StoredEntity>(
            """
            SELECT name AS Name, type AS Type, description AS Description, confidence AS Confidence, source AS Source, source_type AS SourceType,
                   metadata::text AS Metadata, version AS Version, is_active AS IsActive, created_by AS CreatedBy, deleted_at AS DeletedAt, deleted_by AS DeletedBy
            FROM backend_entities.entities WHERE id = @id
            """,
            new { id });
    }

    public static async Task<long> CountByTypeAsync(TestHost host, string type)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_entities.entities WHERE type = @type", new { type });
    }

    public static async Task<long> CountByNameAsync(TestHost host, string name)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_entities.entities WHERE name = @name", new { name });
    }

    public static async Task<long> CountByCreatorAsync(TestHost host, Guid userId)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_entities.entities WHERE created_by = @userId", new { userId });
    }

    /// <summary>The audit events about one entity, oldest first.</summary>
    public static async Task<IReadOnlyList<(string Action, Guid? ActorId, string TargetType, JsonElement Details)>> AuditAsync(TestHost host, Guid targetId)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string, Guid?, string, string)>(
            "SELECT action, actor_id, target_type, details::text FROM backend_audit.audit_events WHERE target_id = @targetId ORDER BY occurred_at, id",
            new { targetId });
        return rows.Select(r => (r.Item1, r.Item2, r.Item3, JsonDocument.Parse(r.Item4).RootElement.Clone())).ToList();
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/> with <paramref name="rule"/>.</summary>
    public static async Task ShouldNameFieldAsync(this HttpResponseMessage response, string field, string rule, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var problem = await response.ShouldBeProblemAsync(status);
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        errors.ShouldContain(
            e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule,
            $"expected {field}/{rule} in {problem.GetRawText()}");
    }
}
