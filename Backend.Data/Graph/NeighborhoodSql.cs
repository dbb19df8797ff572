using System.Text;
using Backend.Data.Relationships;

namespace Backend.Data.Graph;

/// <summary>
/// The neighbourhood statement, one per (depth, direction, type filter), built once and cached. Parameters:
/// $1 start (uuid), $2 node cap (int), $3 edge cap (int), $4 relationship type (text, only in the filtered form).
/// </summary>
/// <remarks>
/// Depth is at most 3, so the walk is unrolled level by level instead of a recursive CTE (whose recursive term only
/// sees the previous iteration and so cannot exclude nodes seen two levels up without carrying arrays):
/// <c>l0</c> is the start; <c>xK</c> holds the active edges of the nodes of level K in the walked direction(s), read
/// by index-only scans of entity_relationships_outgoing_idx / _incoming_idx; level K+1 is the distinct far ends of
/// <c>xK</c> not seen at any earlier level, active, the smallest ids first, cut at what is left of the node cap + 1.
/// Each node is expanded once and each edge read once per walked end; nothing is re-read afterwards: the edges of
/// the answer are the collected edges whose both ends were kept (the last level's edges are read only for that, and
/// only one way when walking both).
/// Visibility (<see cref="RelationshipVisibility"/>) holds by construction: r.is_active is the indexes' predicate,
/// the near end was found active, and the far end is kept only if it is an active node of the walk.
/// The answer is one result set: node rows (kind 0, by depth then id, at most cap + 1: the extra one says the cap
/// was reached) then edge rows (kind 1, by created_at then id, at most edge cap + 1).
/// </remarks>
internal static class NeighborhoodSql
{
    private static readonly string?[] Cache = new string?[3 * 3 * 2];

    public static string For(int depth, RelationshipDirection direction, bool typed)
    {
        var slot = ((depth - 1) * 3 + (int)direction) * 2 + (typed ? 1 : 0);
        return Cache[slot] ??= Build(depth, direction, typed);
    }

    private static string Build(int depth, RelationshipDirection direction, bool typed)
    {
        var type = typed ? " AND r.relationship_type = $4" : "";
        var sql = new StringBuilder("WITH l0 AS MATERIALIZED (\n")
            .Append("    SELECT e.id, e.name, e.type, e.confidence, 0 AS depth FROM backend_entities.entities e WHERE e.id = $1 AND e.is_active\n)");
        for (var level = 0; level <= depth; level++)
        {
            if (level > 0)
            {
                var seen = string.Join(" UNION ALL ", Enumerable.Range(0, level).Select(k => $"SELECT id FROM l{k}"));
                sql.Append($",\nl{level} AS MATERIALIZED (\n")
                    .Append($"    SELECT e.id, e.name, e.type, e.confidence, {level} AS depth\n")
                    .Append($"    FROM (SELECT DISTINCT x.far FROM x{level - 1} x WHERE x.far NOT IN ({seen})) c\n")
                    .Append("    JOIN backend_entities.entities e ON e.id = c.far AND e.is_active\n")
                    .Append("    ORDER BY e.id\n")
                    .Append($"    LIMIT greatest(0, $2 + 1 - (SELECT count(*) FROM ({seen}) s))\n)");
            }

            // The last level is read only for the edges among the kept nodes. Walking both ways, an edge with an end
            // at an earlier level was read from that end already, so the last level's outgoing edges are enough.
            var ways = level == depth && direction == RelationshipDirection.Both ? RelationshipDirection.Outgoing : direction;
            sql.Append($",\nx{level} AS MATERIALIZED (\n");
            if (ways != RelationshipDirection.Incoming)
            {
                sql.Append("    SELECT n.id AS near, r.target_entity_id AS far, r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence, r.created_at\n")
                    .Append($"    FROM l{level} n JOIN backend_entities.entity_relationships r ON r.source_entity_id = n.id AND r.is_active{type}\n");
            }

            if (ways == RelationshipDirection.Both)
            {
                sql.Append("    UNION ALL\n");
            }

            if (ways != RelationshipDirection.Outgoing)
            {
                sql.Append("    SELECT n.id AS near, r.source_entity_id AS far, r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence, r.created_at\n")
                    .Append($"    FROM l{level} n JOIN backend_entities.entity_relationships r ON r.target_entity_id = n.id AND r.is_active{type}\n");
            }

            sql.Append(')');
        }

        var levels = Enumerable.Range(0, depth + 1).ToList();
        sql.Append(",\nnodes AS (").Append(string.Join(" UNION ALL ", levels.Select(k => $"SELECT * FROM l{k}"))).Append(')')
            .Append(",\nkept AS MATERIALIZED (SELECT id FROM nodes ORDER BY depth, id LIMIT $2)")
            .Append(",\nedges AS (\n")
            // Walking both ways reads an edge from each of its ends when both were expanded.
            .Append(direction == RelationshipDirection.Both ? "    SELECT DISTINCT ON (x.id) x.*\n" : "    SELECT x.*\n")
            .Append("    FROM (").Append(string.Join(" UNION ALL ", levels.Select(k => $"SELECT * FROM x{k}"))).Append(") x\n")
            // IS TRUE keeps the two tests as hashed subplans: pulled up into semi-joins, the generic plan (which cannot
            // know how many nodes are kept) nests a loop over kept for every collected edge.
            .Append("    WHERE (x.near IN (SELECT id FROM kept) AND x.far IN (SELECT id FROM kept)) IS TRUE\n)\n")
            .Append("SELECT 0 AS kind, n.id, NULL::uuid AS source, NULL::uuid AS target, n.name AS label, n.type, n.confidence, n.depth, NULL::timestamptz AS created_at FROM nodes n\n")
            .Append("UNION ALL\n")
            .Append("(SELECT 1, d.id, d.source_entity_id, d.target_entity_id, d.relationship_type, NULL, d.confidence, NULL, d.created_at FROM edges d ORDER BY d.created_at, d.id LIMIT $3 + 1)\n")
            .Append("ORDER BY 1, 8, 9, 2");
        return sql.ToString();
    }
}
