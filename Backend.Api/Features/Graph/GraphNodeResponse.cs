using Backend.Data.Graph;

namespace Backend.Api.Features.Graph;

internal sealed record GraphNodeResponse(Guid Id, string Name, string Type, double Confidence, int Depth)
{
    public static GraphNodeResponse From(GraphNode node) => new(node.Id, node.Name, node.Type, node.Confidence, node.Depth);
}
