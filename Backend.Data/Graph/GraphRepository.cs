using Backend.Data.Postgres;
using Backend.Data.Relationships;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Backend.Data.Graph;

/// <summary>
/// Bounded graph reads over active entities and visible relationships (<see cref="RelationshipVisibility"/>). Each
/// read is one statement on one connection with hard caps on nodes and edges, so no request can walk the whole
/// graph; callers report truncation. Rows are read with the Npgsql reader straight into the caller's shapes. Every
/// read tolerates replica lag, so all of them go to the read replica when there is one (<see cref="ReadDataSource"/>).
/// </summary>
/// <param name="reads">Lag-tolerant reads: the standby when there is one.</param>
/// <param name="primary">The primary, for the one write (folding the count deltas).</param>
public sealed class GraphRepository(ReadDataSource reads, NpgsqlDataSource primary)
{
    // Nodes of the given ids that are active (kind 0, by id), then the visible edges among them (kind 1, by created_at, id).
    // Both ends being kept nodes is the visibility rule, as in NeighborhoodSql.
    private const string SubgraphSql = """
        WITH n AS MATERIALIZED (
            SELECT e.id, e.name, e.type, e.confidence FROM backend_entities.entities e WHERE e.id = ANY($1) AND e.is_active
        ),
        d AS (
            SELECT r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence, r.created_at
            FROM n JOIN backend_entities.entity_relationships r ON r.source_entity_id = n.id AND r.is_active
            WHERE r.target_entity_id IN (SELECT id FROM n)
            ORDER BY r.created_at, r.id
            LIMIT $2 + 1
        )
        SELECT 0 AS kind, n.id, NULL::uuid AS source, NULL::uuid AS target, n.name AS label, n.type, n.confidence, 0 AS depth, NULL::timestamptz AS created_at FROM n
        UNION ALL
        SELECT 1, d.id, d.source_entity_id, d.target_entity_id, d.relationship_type, NULL, d.confidence, NULL, d.created_at FROM d
        ORDER BY 1, 9, 2
        """;

    /// <summary>
    /// Breadth-first neighbourhood of <paramref name="start"/> up to <paramref name="depth"/> (1–3) hops: nodes with the
    /// hop count at which each was first reached, ordered by (depth, id) and cut at <paramref name="maxNodes"/>; the
    /// visible edges among the kept nodes ordered by (created_at, id) and cut at <paramref name="maxEdges"/>. Levels
    /// after the one where the node cap was reached are not walked. Null when the start is not an active entity.
    /// </summary>
    public async Task<GraphWalk<TNode, TEdge>?> NeighborsAsync<TNode, TEdge>(
        Guid start, int depth, RelationshipDirection direction, string? relationshipType, int maxNodes, int maxEdges, CancellationToken ct)
        where TNode : IGraphNodeShape<TNode>
        where TEdge : IGraphEdgeShape<TEdge>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 3);
        await using var connection = await reads.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(connection: connection, cmdText: NeighborhoodSql.For(depth, direction, relationshipType is not null));
        command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = start });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = maxNodes });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = maxEdges });
        if (relationshipType is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = relationshipType });
        }

        var walk = await ReadWalkAsync<TNode, TEdge>(command, maxNodes, maxEdges, ct);
        return walk.Nodes.Count == 0 ? null : walk;
    }

    /// <summary>
    /// The active entities among <paramref name="ids"/> (depth 0, by id) and the visible edges among them (by
    /// created_at, id, cut at <paramref name="maxEdges"/>; truncated when more exist).
    /// </summary>
    public async Task<GraphWalk<TNode, TEdge>> SubgraphAsync<TNode, TEdge>(IReadOnlyCollection<Guid> ids, int maxEdges, CancellationToken ct)
        where TNode : IGraphNodeShape<TNode>
        where TEdge : IGraphEdgeShape<TEdge>
    {
        await using var connection = await reads.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(connection: connection, cmdText: SubgraphSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, TypedValue = [.. ids] });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = maxEdges });
        return await ReadWalkAsync<TNode, TEdge>(command, int.MaxValue, maxEdges, ct);
    }

    /// <summary>Active entities among <paramref name="ids"/>.</summary>
    public async Task<IReadOnlyList<GraphNode>> NodesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var connection = await reads.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<GraphNode>(new CommandDefinition(
            "SELECT e.id AS Id, e.name AS Name, e.type AS Type, e.confidence AS Confidence, 0 AS Depth FROM backend_entities.entities e WHERE e.id = ANY(@ids) AND e.is_active ORDER BY e.id",
            new { ids = ids.ToArray() },
            cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Shortest path (ignoring direction) by breadth-first search on one connection, one statement per hop over the
    /// frontier (index-only scans of both edge indexes; the far end must be active), with the visited set capped at
    /// <paramref name="maxVisited"/>. Null when no path exists within <paramref name="maxDepth"/> (or the cap was hit
    /// first: the result says it was truncated). <paramref name="from"/> must be an active entity.
    /// </summary>
    public async Task<(IReadOnlyList<Guid>? Nodes, IReadOnlyList<GraphEdge>? Edges, bool Truncated)> ShortestPathAsync(
        Guid from, Guid to, int maxDepth, int maxVisited, CancellationToken ct)
    {
        await using var connection = await reads.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence
            FROM unnest($1) f(id)
            JOIN backend_entities.entity_relationships r ON r.source_entity_id = f.id AND r.is_active
            JOIN backend_entities.entities e ON e.id = r.target_entity_id AND e.is_active
            UNION ALL
            SELECT r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence
            FROM unnest($1) f(id)
            JOIN backend_entities.entity_relationships r ON r.target_entity_id = f.id AND r.is_active
            JOIN backend_entities.entities e ON e.id = r.source_entity_id AND e.is_active
            LIMIT $2
            """, connection);
        var frontierParameter = new NpgsqlParameter<Guid[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };
        command.Parameters.Add(frontierParameter);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = maxVisited });
        var parents = new Dictionary<Guid, GraphEdge?> { [from] = null };
        var frontier = new List<Guid> { from };
        for (var hop = 0; hop < maxDepth && frontier.Count > 0; hop++)
        {
            frontierParameter.TypedValue = [.. frontier];
            var next = new List<Guid>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var edge = GraphEdge.Create(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetDouble(4));
                    if (Reach(parents, next, edge, edge.SourceEntityId, edge.TargetEntityId, to) || Reach(parents, next, edge, edge.TargetEntityId, edge.SourceEntityId, to))
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

    /// <summary>
    /// Active entities and visible relationships per type (largest first, then by type) and the time of the last
    /// change, from the trigger-maintained counters of sql/0024 (exact; no table is counted): the folded
    /// graph_counts plus the deltas not yet folded.
    /// </summary>
    public async Task<GraphStats> StatsAsync(CancellationToken ct)
    {
        await using var connection = await reads.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(connection: connection, cmdText:
            """
            SELECT kind, type, sum(count)::bigint AS count, max(changed_at) AS changed_at
            FROM (SELECT kind, type, count, changed_at FROM backend_entities.graph_counts
                  UNION ALL
                  SELECT kind, type, delta, changed_at FROM backend_entities.graph_count_deltas) c
            GROUP BY kind, type
            ORDER BY kind, sum(count) DESC, type
            """);
        var entityTypes = new List<TypeCount>();
        var relationshipTypes = new List<TypeCount>();
        DateTime? lastUpdate = null;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!reader.IsDBNull(3) && reader.GetDateTime(3) is var changed && (lastUpdate is null || changed > lastUpdate))
            {
                lastUpdate = changed;
            }

            var count = reader.GetInt64(2);
            if (count > 0)
            {
                (reader.GetString(0) == "entity" ? entityTypes : relationshipTypes).Add(new TypeCount(reader.GetString(1), count));
            }
        }

        return new GraphStats(entityTypes.Sum(t => t.Count), relationshipTypes.Sum(t => t.Count), entityTypes, relationshipTypes, lastUpdate);
    }

    /// <summary>Folds the pending count deltas into graph_counts (sql/0024); returns how many delta rows were folded.</summary>
    public async Task<long> FoldCountsAsync(CancellationToken ct)
    {
        await using var command = primary.CreateCommand("SELECT backend_entities.fold_graph_counts()");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<GraphWalk<TNode, TEdge>> ReadWalkAsync<TNode, TEdge>(NpgsqlCommand command, int maxNodes, int maxEdges, CancellationToken ct)
        where TNode : IGraphNodeShape<TNode>
        where TEdge : IGraphEdgeShape<TEdge>
    {
        // Sized once for a typical answer (the node cap is at most 500; a 100-node walk has ~150 edges), so the lists
        // rarely grow while the rows stream in.
        var nodes = new List<TNode>(Math.Min(maxNodes, 512));
        var edges = new List<TEdge>(Math.Min(maxEdges, 256));
        var truncated = false;
        var depthReached = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetInt32(0) == 0)
            {
                if (nodes.Count == maxNodes)
                {
                    truncated = true;
                    continue;
                }

                // Columns in row order: the reader streams the row, and going back to an earlier column re-seeks it.
                var (id, name, type, confidence, depth) = (reader.GetGuid(1), reader.GetString(4), reader.GetString(5), reader.GetDouble(6), reader.GetInt32(7));
                depthReached = Math.Max(depthReached, depth);
                nodes.Add(TNode.Create(id, name, type, confidence, depth));
            }
            else if (edges.Count == maxEdges)
            {
                truncated = true;
            }
            else
            {
                edges.Add(TEdge.Create(reader.GetGuid(1), reader.GetGuid(2), reader.GetGuid(3), reader.GetString(4), reader.GetDouble(6)));
            }
        }

        return new GraphWalk<TNode, TEdge>(nodes, edges, truncated, depthReached);
    }

    // Records the edge as the way to `far` when it leads from a reached node to a new one; true when `far` is the goal.
    private static bool Reach(Dictionary<Guid, GraphEdge?> parents, List<Guid> next, GraphEdge edge, Guid near, Guid far, Guid goal)
    {
        if (!parents.ContainsKey(near) || !parents.TryAdd(far, edge))
        {
            return false;
        }

        next.Add(far);
        return far == goal;
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
