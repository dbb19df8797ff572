using Backend.Data.Graph;

namespace Backend.Api.Features.Graph;

internal sealed record GraphEdgeResponse(Guid Id, Guid SourceEntityId, Guid TargetEntityId, string RelationshipType, double Confidence) : IGraphEdgeShape<GraphEdgeResponse>
{
    public static GraphEdgeResponse From(GraphEdge edge) => new(edge.Id, edge.SourceEntityId, edge.TargetEntityId, edge.RelationshipType, edge.Confidence);

    /// <summary>Built by the graph reads straight from their rows.</summary>
    public static GraphEdgeResponse Create(Guid id, Guid sourceEntityId, Guid targetEntityId, string relationshipType, double confidence) =>
        new(id, sourceEntityId, targetEntityId, relationshipType, confidence);
}
