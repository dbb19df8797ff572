using Backend.Data.Postgres;
using Backend.Data.Relationships;
using Dapper;

namespace Backend.Data.Graph;

/// <summary>
/// Bounded graph reads over active entities and relationships. Each traversal has a hard cap on nodes (and
/// edges) so no request can walk the whole graph; callers report truncation. Every read tolerates replica lag, so all
/// of them go to the read replica when there is one (<see cref="ReadDataSource"/>).
/// </summary>
public sealed class GraphRepository(ReadDataSource dataSource)
{
    private const string Visible = RelationshipVisibility.Predicate;

    private const string EdgeColumns =
        "r.id AS Id, r.source_entity_id AS SourceEntityId, r.target_entity_id AS TargetEntityId, r.relationship_type AS RelationshipType, r.confidence AS Confidence";

    /// <summary>
    /// Breadth-first neighbours up to <paramref name="depth"/> hops with a recursive CTE. UNION (not UNION ALL)
    /// drops rows already produced, which stops cycles; the outer LIMIT stops the recursion once
    /// <paramref name="maxNodes"/> + 1 nodes were found. Returns at most maxNodes + 1 nodes (the extra one signals truncation).
    /// </summary>
    public async Task<IReadOnlyList<GraphNode>> NeighborsAsync(Guid start, int depth, RelationshipDirection direction, string? relationshipType, int maxNodes, CancellationToken ct)
    {
        var outgoing = direction != RelationshipDirection.Incoming;
        var incoming = direction != RelationshipDirection.Outgoing;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<GraphNode>(new CommandDefinition(
            $"""
            WITH RECURSIVE walk(node, depth) AS (
                SELECT e.id, 0 FROM backend_entities.entities e WHERE e.id = @start AND e.is_active
                UNION
                SELECT step.node, w.depth + 1
                FROM walk w
                CROSS JOIN LATERAL (
                    SELECT r.target_entity_id AS node FROM backend_entities.entity_relationships r
                    WHERE @outgoing AND r.source_entity_id = w.node AND {Visible} AND (@relationshipType::text IS NULL OR r.relationship_type = @relationshipType)
                    UNION ALL
                    SELECT r.source_entity_id FROM backend_entities.entity_relationships r
                    WHERE @incoming AND r.target_entity_id = w.node AND {Visible} AND (@relationshipType::text IS NULL OR r.relationship_type = @relationshipType)
                ) step
                JOIN backend_entities.entities e ON e.id = step.node AND e.is_active
                WHERE w.depth < @depth
            ),
            capped AS (SELECT node, depth FROM walk LIMIT @scan)
            SELECT e.id AS Id, e.name AS Name, e.type AS Type, e.confidence AS Confidence, min(c.depth) AS Depth
            FROM capped c JOIN backend_entities.entities e ON e.id = c.node
            GROUP BY e.id, e.name, e.type, e.confidence
            ORDER BY min(c.depth), e.id
            LIMIT @limit
            """,
            new { start, depth, outgoing, incoming, relationshipType, scan = (maxNodes + 1) * (depth + 1), limit = maxNodes + 1 },
            cancellationToken: ct))).ToList();
    }

    /// <summary>Active edges among <paramref name="nodes"/> (both ends inside), at most <paramref name="maxEdges"/> + 1.</summary>
    public async Task<IReadOnlyList<GraphEdge>> EdgesAmongAsync(IReadOnlyCollection<Guid> nodes, string? relationshipType, int maxEdges, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<GraphEdge>(new CommandDefinition(
            $"""
            SELECT {EdgeColumns} FROM backend_entities.entity_relationships r
            WHERE {Visible} AND r.source_entity_id = ANY(@ids) AND r.target_entity_id = ANY(@ids)
              AND (@relationshipType::text IS NULL OR r.relationship_type = @relationshipType)
            ORDER BY r.created_at, r.id
            LIMIT @limit
            """,
            new { ids = nodes.ToArray(), relationshipType, limit = maxEdges + 1 },
            cancellationToken: ct))).ToList();
    }

    /// <summary>Active entities among <paramref name="ids"/>.</summary>
    public async Task<IReadOnlyList<GraphNode>> NodesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<GraphNode>(new CommandDefinition(
            "SELECT e.id AS Id, e.name AS Name, e.type AS Type, e.confidence AS Confidence, 0 AS Depth FROM backend_entities.entities e WHERE e.id = ANY(@ids) AND e.is_active ORDER BY e.id",
            new { ids = ids.ToArray() },
            cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Shortest path (ignoring direction) by breadth-first search, one query per hop over the frontier, with
    /// the visited set capped at <paramref name="maxVisited"/>. Null when no path exists within <paramref name="maxDepth"/>
    /// (or the cap was hit first: the result says it was truncated).
    /// </summary>
    public async Task<(IReadOnlyList<Guid>? Nodes, IReadOnlyList<GraphEdge>? Edges, bool Truncated)> ShortestPathAsync(
        Guid from, Guid to, int maxDepth, int maxVisited, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var parents = new Dictionary<Guid, GraphEdge?> { [from] = null };
        var frontier = new List<Guid> { from };
        for (var hop = 0; hop < maxDepth && frontier.Count > 0; hop++)
        {
            var edges = await connection.QueryAsync<GraphEdge>(new CommandDefinition(
                $"""
                SELECT {EdgeColumns} FROM backend_entities.entity_relationships r
                WHERE {Visible} AND (r.source_entity_id = ANY(@frontier) OR r.target_entity_id = ANY(@frontier))
                LIMIT @limit
                """,
                new { frontier = frontier.ToArray(), limit = maxVisited },
                cancellationToken: ct));
            var next = new List<Guid>();
            foreach (var edge in edges)
            {
                foreach (var (near, far) in new[] { (edge.SourceEntityId, edge.TargetEntityId), (edge.TargetEntityId, edge.SourceEntityId) })
                {
                    if (!parents.ContainsKey(near) || parents.ContainsKey(far))
                    {
                        continue;
                    }

                    parents[far] = edge;
                    next.Add(far);
                    if (far == to)
                    {
                        return (Unwind(parents, to, out var pathEdges), pathEdges, false);
                    }
                }
            }

            if (parents.Count >= maxVisited)
            {
                return (null, null, true);
            }

            frontier = next;
        }

        return (null, null, false);
    }

    public async Task<GraphStats> StatsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var entityTypes = (await connection.QueryAsync<TypeCount>(new CommandDefinition(
            "SELECT type AS Type, count(*) AS Count FROM backend_entities.entities WHERE is_active GROUP BY type ORDER BY count(*) DESC, type",
            cancellationToken: ct))).ToList();
        var relationshipTypes = (await connection.QueryAsync<TypeCount>(new CommandDefinition(
            $"SELECT r.relationship_type AS Type, count(*) AS Count FROM backend_entities.entity_relationships r WHERE {Visible} GROUP BY r.relationship_type ORDER BY count(*) DESC, r.relationship_type",
            cancellationToken: ct))).ToList();
        var lastUpdate = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            """
            SELECT greatest((SELECT max(updated_at) FROM backend_entities.entities), (SELECT max(updated_at) FROM backend_entities.entity_relationships))
            """,
            cancellationToken: ct));
        return new GraphStats(entityTypes.Sum(t => t.Count), relationshipTypes.Sum(t => t.Count), entityTypes, relationshipTypes, lastUpdate);
    }

    private static List<Guid> Unwind(Dictionary<Guid, GraphEdge?> parents, Guid to, out List<GraphEdge> edges)
    {
        var nodes = new List<Guid> { to };
        edges = [];
        var current = to;
        while (parents[current] is { } edge)
        {
            edges.Add(edge);
            current = edge.SourceEntityId == current ? edge.TargetEntityId : edge.SourceEntityId;
            nodes.Add(current);
        }

        nodes.Reverse();
        edges.Reverse();
        return nodes;
    }
}
