using Backend.Data.Graph;

namespace Backend.Api.Features.Graph;

internal sealed record GraphNodeResponse(Guid Id, string Name, string Type, double Confidence, int Depth) : IGraphNodeShape<GraphNodeResponse>
{
    public static GraphNodeResponse From(GraphNode node) => new(node.Id, node.Name, node.Type, node.Confidence, node.Depth);

    /// <summary>Built by the graph reads straight from their rows.</summary>
    public static GraphNodeResponse Create(Guid id, string name, string type, double confidence, int depth) => new(id, name, type, confidence, depth);
}
