using Backend.Data.Graph;

namespace Backend.Api.Features.Graph;

internal sealed record GraphNodeResponse(Guid Id, string Name, string Type, double Confidence, int Depth)
{
    public static GraphNodeResponse From(GraphNode node) => new(node.Id, node.Name, node.Type, node.Confidence, node.Depth);
}

internal sealed record GraphEdgeResponse(Guid Id, Guid SourceEntityId, Guid TargetEntityId, string RelationshipType, double Confidence)
{
    public static GraphEdgeResponse From(GraphEdge edge) => new(edge.Id, edge.SourceEntityId, edge.TargetEntityId, edge.RelationshipType, edge.Confidence);
}

/// <summary>The caps that applied to this traversal, reported so clients know a result may be partial.</summary>
internal sealed record GraphLimits(int MaxNodes, int MaxEdges);

internal sealed record NeighborsResponse(
    IReadOnlyList<GraphNodeResponse> Nodes, IReadOnlyList<GraphEdgeResponse> Edges, int DepthReached, bool Truncated, GraphLimits Limits);

internal sealed record PathResponse(IReadOnlyList<GraphNodeResponse> Nodes, IReadOnlyList<GraphEdgeResponse> Edges, int Length);

internal sealed record SubgraphResponse(IReadOnlyList<GraphNodeResponse> Nodes, IReadOnlyList<GraphEdgeResponse> Edges, bool Truncated, GraphLimits Limits);
