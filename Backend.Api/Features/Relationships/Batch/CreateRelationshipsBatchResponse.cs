namespace Backend.Api.Features.Relationships.Batch;

internal sealed record CreateRelationshipsBatchResponse(IReadOnlyList<RelationshipResponse> Created, int Skipped);
