namespace Backend.Api.Features.Graph.Subgraph;

internal sealed record SubgraphResponse(IReadOnlyList<GraphNodeResponse> Nodes, IReadOnlyList<GraphEdgeResponse> Edges, bool Truncated, GraphLimits Limits);
