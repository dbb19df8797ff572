using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Backend.Api.Features.Graph;
using Backend.Api.Features.Graph.Neighbors;
using Backend.Api.Features.Graph.Path;
using Backend.Api.Features.Graph.Subgraph;
using Backend.Api.Http;

namespace Backend.Tests.Features.Graph;

/// <summary>The graph answers' source-generated writers give exactly the bytes of the API's reflection-based options.</summary>
public sealed class GraphJsonTests
{
    private static readonly GraphNodeResponse[] Nodes =
    [
        new(Guid.Parse("01a21c18-d588-71cf-b3c0-13589375ecd8"), "Ada \"Countess\" <Lovelace> & Å 😀\n\\", "person", 0.875, 0),
        new(Guid.Parse("01a21c19-0b2e-7c41-9a55-2f4f1e6b8d10"), "Analytical Engine", "artifact", 0.1 + 0.2, 1),
        new(Guid.Parse("00000000-0000-0000-0000-000000000001"), "", "concept", 1, 2),
    ];

    private static readonly GraphEdgeResponse[] Edges =
    [
        new(Guid.Parse("01a21c1a-0000-7000-8000-000000000000"), Nodes[0].Id, Nodes[1].Id, "designed", 0),
        new(Guid.Parse("01a21c1b-0000-7000-8000-000000000000"), Nodes[1].Id, Nodes[2].Id, "embodies <x> 'y'", 1e-7),
    ];

    private static readonly ResponseMeta Meta = new("0HNH8:00000001", new DateTimeOffset(2026, 11, 29, 23, 0, 1, 234, TimeSpan.FromHours(2)));

    [Fact]
    public void Neighbors_answer_is_written_as_the_api_options_write_it() =>
        Same(new Envelope<NeighborsResponse>(new NeighborsResponse(Nodes, Edges, 2, true, new GraphLimits(100, 2000)), Meta, []), GraphJson.Default.EnvelopeNeighborsResponse);

    [Fact]
    public void Empty_neighbors_answer_is_written_as_the_api_options_write_it() =>
        Same(new Envelope<NeighborsResponse>(new NeighborsResponse([Nodes[0]], [], 0, false, new GraphLimits(1, 2000)), Meta, []), GraphJson.Default.EnvelopeNeighborsResponse);

    [Fact]
    public void Subgraph_answer_is_written_as_the_api_options_write_it() =>
        Same(new Envelope<SubgraphResponse>(new SubgraphResponse(Nodes, Edges, false, new GraphLimits(500, 5000)), Meta, []), GraphJson.Default.EnvelopeSubgraphResponse);

    [Fact]
    public void Path_answer_is_written_as_the_api_options_write_it() =>
        Same(new Envelope<PathResponse>(new PathResponse(Nodes, Edges, 2), Meta, []), GraphJson.Default.EnvelopePathResponse);

    private static void Same<T>(T value, JsonTypeInfo<T> generated)
    {
        var expected = JsonSerializer.Serialize(value, ApiJson.Options);

        JsonSerializer.Serialize(value, generated).ShouldBe(expected);
        expected.ShouldContain("\"timestamp\":\"2026-11-29T21:00:01.234Z\"");
    }
}
