namespace Backend.Api.Features.Graph.Stats;

internal sealed record GraphStatsResponse(
    long Entities, long Relationships, IReadOnlyDictionary<string, long> EntitiesByType, IReadOnlyDictionary<string, long> RelationshipsByType, DateTimeOffset? LastUpdatedAt);
