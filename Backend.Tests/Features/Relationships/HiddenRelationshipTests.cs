using System.Net;
using System.Net.Http.Json;
using System.Text;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Relationships;

/// <summary>
/// One visibility rule: a relationship with a soft-deleted endpoint entity is hidden from every read and every write
/// (get, list, patch, delete, batch, neighbours, path, subgraph, stats), and comes back, unchanged, when the entity is restored.
/// </summary>
public sealed class HiddenRelationshipTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Every_operation_hides_the_relationship_until_the_entity_is_restored()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var moderator = (await GraphClient.SignInAsync(Host, "moderator")).Http;
        var type = "hidden_" + Guid.NewGuid().ToString("N")[..12];
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var c = await graph.CreateEntityAsync();
        var hidden = await graph.LinkAsync(a, b, type);
        await graph.LinkAsync(b, c, type);
        (await graph.Http.DeleteAsync(new Uri($"/api/v1/entities/{a}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Status(graph.Http, HttpMethod.Get, $"/api/v1/relationships/{hidden}")).ShouldBe(HttpStatusCode.NotFound);
        (await Ids(graph, $"/api/v1/relationships?relationship_type={type}")).ShouldNotContain(hidden);
        (await Ids(graph, $"/api/v1/entities/{b}/relationships")).ShouldNotContain(hidden);
        (await Status(graph.Http, HttpMethod.Patch, $"/api/v1/relationships/{hidden}", """{"evidence":"x"}""")).ShouldBe(HttpStatusCode.NotFound);
        (await Status(graph.Http, HttpMethod.Delete, $"/api/v1/relationships/{hidden}")).ShouldBe(HttpStatusCode.NotFound);
        (await Batch(graph, a, b, type)).ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await EdgeIds(graph, $"/api/v1/entities/{b}/neighbors?depth=2")).ShouldNotContain(hidden);
        (await Status(graph.Http, HttpMethod.Get, $"/api/v1/graph/path?from={b}&to={a}")).ShouldBe(HttpStatusCode.NotFound);
        (await Subgraph(graph, a, b)).ShouldNotContain(hidden);
        (await StatsCount(graph, type)).ShouldBe(1);
        (await StoredAsync(hidden)).ShouldBe((true, 1), "the hidden relationship was neither deleted nor changed");

        (await moderator.PostAsync(new Uri($"/api/v1/entities/{a}/restore", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await graph.GetDataAsync($"/api/v1/relationships/{hidden}")).GetProperty("is_active").GetBoolean().ShouldBeTrue();
        (await Ids(graph, $"/api/v1/relationships?relationship_type={type}")).ShouldContain(hidden);
        (await Ids(graph, $"/api/v1/entities/{b}/relationships")).ShouldContain(hidden);
        (await EdgeIds(graph, $"/api/v1/entities/{b}/neighbors?depth=2")).ShouldContain(hidden);
        (await Status(graph.Http, HttpMethod.Get, $"/api/v1/graph/path?from={c}&to={a}")).ShouldBe(HttpStatusCode.OK);
        (await Subgraph(graph, a, b)).ShouldContain(hidden);
        (await StatsCount(graph, type)).ShouldBe(2);
        (await Batch(graph, a, b, type)).ShouldBe(HttpStatusCode.Conflict);
        (await Status(graph.Http, HttpMethod.Patch, $"/api/v1/relationships/{hidden}", """{"evidence":"x"}""")).ShouldBe(HttpStatusCode.OK);
        (await Status(graph.Http, HttpMethod.Delete, $"/api/v1/relationships/{hidden}")).ShouldBe(HttpStatusCode.NoContent);
        (await StoredAsync(hidden)).ShouldBe((false, 3));
    }

    [Fact]
    public async Task Deleting_a_hidden_relationship_leaves_it_to_come_back_with_its_entity()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var moderator = (await GraphClient.SignInAsync(Host, "moderator")).Http;
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var id = await graph.LinkAsync(a, b);
        (await graph.Http.DeleteAsync(new Uri($"/api/v1/entities/{b}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Status(graph.Http, HttpMethod.Delete, $"/api/v1/relationships/{id}")).ShouldBe(HttpStatusCode.NotFound);
        (await moderator.PostAsync(new Uri($"/api/v1/entities/{b}/restore", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await graph.GetDataAsync($"/api/v1/relationships/{id}")).GetProperty("id").GetGuid().ShouldBe(id);
    }

    private static async Task<HttpStatusCode> Status(HttpClient client, HttpMethod method, string path, string? mergePatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (mergePatch is not null)
        {
            request.Content = new StringContent(mergePatch, Encoding.UTF8, "application/merge-patch+json");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<List<Guid>> Ids(GraphClient graph, string path) =>
        (await graph.GetDataAsync(path)).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();

    private static async Task<List<Guid>> EdgeIds(GraphClient graph, string path) =>
        (await graph.GetDataAsync(path)).GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();

    private static async Task<List<Guid>> Subgraph(GraphClient graph, Guid a, Guid b)
    {
        using var response = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/graph/subgraph", UriKind.Relative), new { ids = new[] { a, b } });
        return (await response.ShouldBeEnvelopeAsync()).GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
    }

    private static async Task<HttpStatusCode> Batch(GraphClient graph, Guid source, Guid target, string type)
    {
        using var response = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/relationships/batch", UriKind.Relative),
            new { relationships = new[] { new { source_entity_id = source, target_entity_id = target, relationship_type = type } } });
        return response.StatusCode;
    }

    private static async Task<long> StatsCount(GraphClient graph, string type) =>
        (await graph.GetDataAsync("/api/v1/graph/stats")).GetProperty("relationships_by_type").TryGetProperty(type, out var count) ? count.GetInt64() : 0;

    private async Task<(bool IsActive, int Version)> StoredAsync(Guid id)
    {
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(bool, int)>("SELECT is_active, version FROM backend_entities.entity_relationships WHERE id = @id", new { id });
    }
}
