namespace Backend.Api.Features.Graph.Neighbors;

internal sealed record NeighborsResponse(
    IReadOnlyList<GraphNodeResponse> Nodes, IReadOnlyList<GraphEdgeResponse> Edges, int DepthReached, bool Truncated, GraphLimits Limits);
