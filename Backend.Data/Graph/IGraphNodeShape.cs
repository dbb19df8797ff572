namespace Backend.Data.Graph;

/// <summary>
/// A type a traversal builds its nodes as, directly from the rows it reads (so a caller gets its response records
/// without an intermediate row object per node).
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IGraphNodeShape<out TSelf>
{
    /// <param name="id">The entity id.</param>
    /// <param name="name">The entity name.</param>
    /// <param name="type">The entity type.</param>
    /// <param name="confidence">0–1.</param>
    /// <param name="depth">Hops from the start (0 for the start; 0 for every node of a subgraph).</param>
    public static abstract TSelf Create(Guid id, string name, string type, double confidence, int depth);
}
