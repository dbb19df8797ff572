namespace Backend.Api.Features.Graph.Subgraph;

internal sealed class SubgraphRequest
{
    public IReadOnlyList<Guid>? Ids { get; init; }
}
