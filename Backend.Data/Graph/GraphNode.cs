namespace Backend.Data.Graph;

/// <summary>A node of a traversal: the entity's identity and the hop count at which it was first reached.</summary>
public sealed record GraphNode(Guid Id, string Name, string Type, double Confidence, int Depth) : IGraphNodeShape<GraphNode>
{
    public static GraphNode Create(Guid id, string name, string type, double confidence, int depth) => new(id, name, type, confidence, depth);
}

/// <summary>An edge of a traversal.</summary>
public sealed record GraphEdge(Guid Id, Guid SourceEntityId, Guid TargetEntityId, string RelationshipType, double Confidence) : IGraphEdgeShape<GraphEdge>
{
    public static GraphEdge Create(Guid id, Guid sourceEntityId, Guid targetEntityId, string relationshipType, double confidence) =>
        new(id, sourceEntityId, targetEntityId, relationshipType, confidence);
}

public sealed record TypeCount(string Type, long Count);

public sealed record GraphStats(long Entities, long Relationships, IReadOnlyList<TypeCount> EntitiesByType, IReadOnlyList<TypeCount> RelationshipsByType, DateTime? LastUpdatedAt);
