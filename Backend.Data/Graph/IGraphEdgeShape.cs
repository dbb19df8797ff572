namespace Backend.Data.Graph;

/// <summary>A type a traversal builds its edges as, directly from the rows it reads.</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IGraphEdgeShape<out TSelf>
{
    /// <param name="id">The relationship id.</param>
    /// <param name="sourceEntityId">The source entity.</param>
    /// <param name="targetEntityId">The target entity.</param>
    /// <param name="relationshipType">The relationship type.</param>
    /// <param name="confidence">0–1.</param>
    public static abstract TSelf Create(Guid id, Guid sourceEntityId, Guid targetEntityId, string relationshipType, double confidence);
}
