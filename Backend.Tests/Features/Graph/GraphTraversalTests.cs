using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Graph;

/// <summary>
/// The neighbourhood walk's rules: each node once at the depth it is first reached, the walked direction and type
/// only, invisible relationships not walked, the edges among the returned nodes, and stable caps.
/// </summary>
public sealed class GraphTraversalTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_node_reachable_at_depth_one_and_two_is_reported_once_at_depth_one()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var (a, b, c, d) = (await graph.CreateEntityAsync(), await graph.CreateEntityAsync(), await graph.CreateEntityAsync(), await graph.CreateEntityAsync());
        var ab = await graph.LinkAsync(a, b);
        var ac = await graph.LinkAsync(a, c);
        var bc = await graph.LinkAsync(b, c);
        var bd = await graph.LinkAsync(b, d);
        var cd = await graph.LinkAsync(c, d);

        var data = await graph.GetDataAsync($"/api/v1/entities/{a}/neighbors?depth=3&direction=outgoing");

        Depths(data).ShouldBe(new Dictionary<Guid, int> { [a] = 0, [b] = 1, [c] = 1, [d] = 2 }, ignoreOrder: true);
        EdgeIds(data).ShouldBe([ab, ac, bc, bd, cd], ignoreOrder: true);
        data.GetProperty("depth_reached").GetInt32().ShouldBe(2);
        data.GetProperty("truncated").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_cycle_walked_both_ways_reports_every_node_and_edge_once()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await graph.CreateEntityAsync());
        }

        var edges = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            edges.Add(await graph.LinkAsync(ids[i], ids[(i + 1) % 4]));
        }

        var data = await graph.GetDataAsync($"/api/v1/entities/{ids[0]}/neighbors?depth=3&direction=both");

        Depths(data).ShouldBe(new Dictionary<Guid, int> { [ids[0]] = 0, [ids[1]] = 1, [ids[3]] = 1, [ids[2]] = 2 }, ignoreOrder: true);
        EdgeIds(data).ShouldBe(edges, ignoreOrder: true);
        data.GetProperty("depth_reached").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Direction_chooses_which_edges_are_walked_and_the_edges_among_the_nodes_are_returned()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var (a, b, c) = (await graph.CreateEntityAsync(), await graph.CreateEntityAsync(), await graph.CreateEntityAsync());
        var ab = await graph.LinkAsync(a, b);
        var ca = await graph.LinkAsync(c, a);
        var bc = await graph.LinkAsync(b, c);

        var outgoing = await graph.GetDataAsync($"/api/v1/entities/{a}/neighbors?depth=1&direction=outgoing");
        var incoming = await graph.GetDataAsync($"/api/v1/entities/{a}/neighbors?depth=1&direction=incoming");
        var both = await graph.GetDataAsync($"/api/v1/entities/{a}/neighbors?depth=1");

        Depths(outgoing).Keys.ShouldBe([a, b], ignoreOrder: true);
        EdgeIds(outgoing).ShouldBe([ab]);
        Depths(incoming).Keys.ShouldBe([a, c], ignoreOrder: true);
        EdgeIds(incoming).ShouldBe([ca]);
        Depths(both).Keys.ShouldBe([a, b, c], ignoreOrder: true);
        EdgeIds(both).ShouldBe([ab, ca, bc], ignoreOrder: true, "the edge between two depth-1 nodes is among the returned nodes");
    }

    [Fact]
    public async Task A_relationship_type_filter_walks_and_returns_only_that_type()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var (a, b, c, d) = (await graph.CreateEntityAsync(), await graph.CreateEntityAsync(), await graph.CreateEntityAsync(), await graph.CreateEntityAsync());
        var ab = await graph.LinkAsync(a, b, "owns");
        await graph.LinkAsync(a, c, "knows");
        var cd = await graph.LinkAsync(c, d, "owns");
        await graph.LinkAsync(b, c, "knows");

        var data = await graph.GetDataAsync($"/api/v1/entities/{a}/neighbors?depth=3&relationship_type=owns");

        Depths(data).ShouldBe(new Dictionary<Guid, int> { [a] = 0, [b] = 1 }, ignoreOrder: true);
        EdgeIds(data).ShouldBe([ab]);
        EdgeIds(await graph.GetDataAsync($"/api/v1/entities/{c}/neighbors?depth=2&relationship_type=owns")).ShouldBe([cd]);
    }

    [Fact]
    public async Task The_node_cap_keeps_the_nearest_nodes_by_depth_then_id_and_does_not_walk_further()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var hub = await graph.CreateEntityAsync();
        var children = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var child = await graph.CreateEntityAsync();
            children.Add(child);
            await graph.LinkAsync(hub, child);
            await graph.LinkAsync(child, await graph.CreateEntityAsync());
        }

        var capped = await graph.GetDataAsync($"/api/v1/entities/{hub}/neighbors?depth=2&limit=3");
        var exact = await graph.GetDataAsync($"/api/v1/entities/{hub}/neighbors?depth=1&limit=5");

        var expected = children.OrderBy(id => id.ToString(), StringComparer.Ordinal).Take(2).ToList();
        NodeIds(capped).ShouldBe([hub, .. expected], "by depth, then id in PostgreSQL's uuid order");
        capped.GetProperty("truncated").GetBoolean().ShouldBeTrue();
        capped.GetProperty("depth_reached").GetInt32().ShouldBe(1);
        EdgeIds(capped).Count.ShouldBe(2);
        NodeIds(exact).Count.ShouldBe(5);
        exact.GetProperty("truncated").GetBoolean().ShouldBeFalse("exactly limit nodes exist");
        NodeIds(await graph.GetDataAsync($"/api/v1/entities/{hub}/neighbors?depth=2&limit=3")).ShouldBe(NodeIds(capped), "the cut is stable");
    }

    [Fact]
    public async Task The_edge_cap_keeps_the_oldest_edges_and_reports_truncation()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var graph = new GraphClient(Host.CreateClient(token));
        var hub = await graph.CreateEntityAsync();
        using var created = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/entities/batch", UriKind.Relative),
            new { entities = Enumerable.Range(0, 45).Select(i => new { name = $"Dense {i}", type = "organization" }) });
        var ids = (await created.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).Prepend(hub).ToArray();
        await using (var connection = await Host.DataSource.OpenConnectionAsync())
        {
            // Every ordered pair of the 46 nodes: 2,070 edges, more than the 2,000 cap.
            await connection.ExecuteAsync(
                """
                INSERT INTO backend_entities.entity_relationships (id, source_entity_id, target_entity_id, relationship_type, created_by, created_at, updated_at)
                SELECT gen_random_uuid(), s, t, 'dense', @userId, now() + make_interval(secs => (row_number() OVER ())::float8), now() + make_interval(secs => (row_number() OVER ())::float8)
                FROM unnest(@ids) s, unnest(@ids) t WHERE s <> t
                """, new { ids, userId });
        }

        var data = await graph.GetDataAsync($"/api/v1/entities/{hub}/neighbors?depth=1");

        NodeIds(data).Count.ShouldBe(46);
        EdgeIds(data).Count.ShouldBe(2000);
        data.GetProperty("truncated").GetBoolean().ShouldBeTrue();
        data.GetProperty("limits").GetProperty("max_edges").GetInt32().ShouldBe(2000);
    }

    [Fact]
    public async Task Deleted_relationships_and_deleted_entities_are_not_walked()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var (a, b, c, d, e) = (await graph.CreateEntityAsync(), await graph.CreateEntityAsync(), await graph.CreateEntityAsync(),
            await graph.CreateEntityAsync(), await graph.CreateEntityAsync());
        var deletedEdge = await graph.LinkAsync(a, b);
        await graph.LinkAsync(b, c);
        await graph.LinkAsync(a, d);
        await graph.LinkAsync(d, e);
        (await graph.Http.DeleteAsync(new Uri($"/api/v1/relationships/{deletedEdge}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await graph.Http.DeleteAsync(new Uri($"/api/v1/entities/{d}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var data = await graph.GetDataAsync($"/api/v1/entities/{a}/neighbors?depth=3");
        var fromDeleted = await graph.Http.GetAsync(new Uri($"/api/v1/entities/{d}/neighbors", UriKind.Relative));

        NodeIds(data).ShouldBe([a]);
        EdgeIds(data).ShouldBeEmpty();
        data.GetProperty("depth_reached").GetInt32().ShouldBe(0);
        await fromDeleted.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await graph.Http.GetAsync(new Uri($"/api/v1/graph/path?from={a}&to={e}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stats_stay_exact_when_both_ends_of_a_relationship_are_deleted_and_restored_and_after_a_fold()
    {
        var graph = await GraphClient.SignInAsync(Host);
        var moderator = (await GraphClient.SignInAsync(Host, "moderator")).Http;
        var type = "pair_" + Guid.NewGuid().ToString("N")[..12];
        var (a, b) = (await graph.CreateEntityAsync(type: type), await graph.CreateEntityAsync(type: type));
        await graph.LinkAsync(a, b, type);
        await using var connection = await Host.DataSource.OpenConnectionAsync();

        (await Counts(graph, type)).ShouldBe((2, 1));
        await connection.ExecuteAsync("UPDATE backend_entities.entities SET is_active = false, deleted_at = now() WHERE id = ANY(@ids)", new { ids = new[] { a, b } });
        (await Counts(graph, type)).ShouldBe((0, 0), "one statement deleting both ends hides the relationship once");
        (await moderator.PostAsync(new Uri($"/api/v1/entities/{a}/restore", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Counts(graph, type)).ShouldBe((1, 0));
        await connection.ExecuteScalarAsync<long>("SELECT backend_entities.fold_graph_counts()");
        (await moderator.PostAsync(new Uri($"/api/v1/entities/{b}/restore", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Counts(graph, type)).ShouldBe((2, 1));
        await connection.ExecuteScalarAsync<long>("SELECT backend_entities.fold_graph_counts()");
        (await Counts(graph, type)).ShouldBe((2, 1));
        (await connection.QuerySingleAsync<long>(
            "SELECT count(*) FROM backend_entities.entity_relationships r WHERE r.relationship_type = @type AND r.is_active", new { type })).ShouldBe(1);
    }

    private static async Task<(long Entities, long Relationships)> Counts(GraphClient graph, string type)
    {
        var stats = await graph.GetDataAsync("/api/v1/graph/stats");
        return (Count(stats.GetProperty("entities_by_type"), type), Count(stats.GetProperty("relationships_by_type"), type));
    }

    private static long Count(JsonElement byType, string type) => byType.TryGetProperty(type, out var count) ? count.GetInt64() : 0;

    private static Dictionary<Guid, int> Depths(JsonElement data) =>
        data.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetGuid(), n => n.GetProperty("depth").GetInt32());

    private static List<Guid> NodeIds(JsonElement data) => data.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetGuid()).ToList();

    private static List<Guid> EdgeIds(JsonElement data) => data.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
}
