namespace Backend.Data.Graph;

/// <summary>
/// The result of a bounded graph read: nodes (ordered by depth, then id) and the edges among them (ordered by
/// created_at, then id), each already cut to its cap; <paramref name="Truncated"/> says a cap cut something off.
/// </summary>
public sealed record GraphWalk<TNode, TEdge>(IReadOnlyList<TNode> Nodes, IReadOnlyList<TEdge> Edges, bool Truncated, int DepthReached);
