using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Graph;

public sealed class GraphReadTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Neighbors_walk_to_the_requested_depth_through_a_cycle_without_repeating_nodes()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync("A");
        var b = await graph.CreateEntityAsync("B");
        var c = await graph.CreateEntityAsync("C");
        var d = await graph.CreateEntityAsync("D");
        await graph.LinkAsync(a, b);
        await graph.LinkAsync(b, c);
        await graph.LinkAsync(c, a);
        await graph.LinkAsync(c, d);

        var depth1 = await graph.GetDataAsync($"/api/v1/entities/{a}/neighbors?depth=1&direction=outgoing");
        var depth3 = await graph.GetDataAsync($"/api/v1/entities/{a}/neighbors?depth=3&direction=outgoing");

        depth1.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetGuid()).ShouldBe([a, b], ignoreOrder: true);
        depth1.GetProperty("depth_reached").GetInt32().ShouldBe(1);
        var nodes = depth3.GetProperty("nodes").EnumerateArray().ToList();
        nodes.Select(n => n.GetProperty("id").GetGuid()).ShouldBe([a, b, c, d], ignoreOrder: true);
        nodes.Single(n => n.GetProperty("id").GetGuid() == d).GetProperty("depth").GetInt32().ShouldBe(3);
        depth3.GetProperty("edges").GetArrayLength().ShouldBe(4);
        depth3.GetProperty("truncated").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Neighbors_report_truncation_when_the_node_cap_is_reached()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var hub = await graph.CreateEntityAsync("Hub");
        for (var i = 0; i < 5; i++)
        {
            await graph.LinkAsync(hub, await graph.CreateEntityAsync());
        }

        var data = await graph.GetDataAsync($"/api/v1/entities/{hub}/neighbors?limit=3");

        data.GetProperty("nodes").GetArrayLength().ShouldBe(3);
        data.GetProperty("truncated").GetBoolean().ShouldBeTrue();
        data.GetProperty("limits").GetProperty("max_nodes").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Neighbors_depth_out_of_range_is_400_and_unknown_entity_404()
    {
        var graph = await GraphClient.SignInAsync(Host);

        var tooDeep = await graph.Http.GetAsync(new Uri($"/api/v1/entities/{Guid.CreateVersion7()}/neighbors?depth=4", UriKind.Relative));
        var unknown = await graph.Http.GetAsync(new Uri($"/api/v1/entities/{Guid.CreateVersion7()}/neighbors", UriKind.Relative));

        (await tooDeep.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("depth");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Path_finds_the_shortest_route_and_404s_beyond_max_depth()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await graph.CreateEntityAsync($"Chain {i}"));
        }

        for (var i = 0; i < 4; i++)
        {
            await graph.LinkAsync(ids[i], ids[i + 1]);
        }

        await graph.LinkAsync(ids[4], ids[1], "shortcut");

        var path = await graph.GetDataAsync($"/api/v1/graph/path?from={ids[0]}&to={ids[4]}&max_depth=6");
        var tooShort = await graph.Http.GetAsync(new Uri($"/api/v1/graph/path?from={ids[0]}&to={ids[3]}&max_depth=1", UriKind.Relative));

        path.GetProperty("length").GetInt32().ShouldBe(2);
        path.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetGuid()).ShouldBe([ids[0], ids[1], ids[4]]);
        await tooShort.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Subgraph_returns_the_nodes_and_the_edges_among_them_only()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var outside = await graph.CreateEntityAsync();
        await graph.LinkAsync(a, b);
        await graph.LinkAsync(b, outside);

        using var response = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/graph/subgraph", UriKind.Relative), new { ids = new[] { a, b, Guid.CreateVersion7() } });

        var data = await response.ShouldBeEnvelopeAsync();
        data.GetProperty("nodes").GetArrayLength().ShouldBe(2);
        data.GetProperty("edges").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Stats_count_entities_and_relationships_by_type()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var type = "stat_" + Guid.NewGuid().ToString("N")[..8];
        var a = await graph.CreateEntityAsync(type: type);
        var b = await graph.CreateEntityAsync(type: type);
        await graph.LinkAsync(a, b, type);

        var stats = await graph.GetDataAsync("/api/v1/graph/stats");

        stats.GetProperty("entities_by_type").GetProperty(type).GetInt64().ShouldBe(2);
        stats.GetProperty("relationships_by_type").GetProperty(type).GetInt64().ShouldBe(1);
        stats.GetProperty("entities").GetInt64().ShouldBeGreaterThanOrEqualTo(2);
        stats.GetProperty("last_updated_at").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task Graph_endpoints_need_an_authenticated_caller()
    {
        var response = await Host.Client.GetAsync(new Uri("/api/v1/graph/stats", UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
