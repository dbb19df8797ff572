namespace Backend.Api.Features.Graph.Path;

internal sealed record PathResponse(IReadOnlyList<GraphNodeResponse> Nodes, IReadOnlyList<GraphEdgeResponse> Edges, int Length);
