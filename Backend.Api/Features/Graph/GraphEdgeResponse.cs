using Backend.Data.Graph;

namespace Backend.Api.Features.Graph;

internal sealed record GraphEdgeResponse(Guid Id, Guid SourceEntityId, Guid TargetEntityId, string RelationshipType, double Confidence)
{
    public static GraphEdgeResponse From(GraphEdge edge) => new(edge.Id, edge.SourceEntityId, edge.TargetEntityId, edge.RelationshipType, edge.Confidence);
}
