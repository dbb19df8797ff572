using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Backend.Tests.Infrastructure;

/// <summary>Arranges graph data through the public API for a signed-in test user.</summary>
internal sealed class GraphClient(HttpClient client)
{
    public HttpClient Http => client;

    public static async Task<GraphClient> SignInAsync(TestHost host, string role = "user")
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host, role);
        return new GraphClient(host.CreateClient(token));
    }

    public async Task<Guid> CreateEntityAsync(string? name = null, string type = "organization")
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/entities", UriKind.Relative), new { name = name ?? "Entity " + Guid.NewGuid().ToString("N")[..8], type });
        var data = await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        return data.GetProperty("id").GetGuid();
    }

    public Task<HttpResponseMessage> CreateRelationshipAsync(Guid source, Guid target, string type = "works_with") =>
        client.PostAsJsonAsync(new Uri("/api/v1/relationships", UriKind.Relative), new { source_entity_id = source, target_entity_id = target, relationship_type = type });

    public async Task<Guid> LinkAsync(Guid source, Guid target, string type = "works_with")
    {
        using var response = await CreateRelationshipAsync(source, target, type);
        return (await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> GetDataAsync(string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await response.ShouldBeEnvelopeAsync();
    }
}
