-- pgbench: the service's neighbourhood statement (Backend.Data/Graph/NeighborhoodSql.cs: depth 2, both directions, no
-- type filter) as GET /api/v1/entities/{id}/neighbors?depth=2 runs it, for a random seeded start entity. The start
-- comes from bench.ids by primary key inside the same statement (one round trip, like the API); the caps are the
-- endpoint's defaults. pgbench -D count=<seeded entities>. Backend.Tests/Deployment/BenchScriptTests.cs keeps this
-- text equal to the service's.
\set n random(1, :count)
\set node_cap 100
\set edge_cap 2000
WITH l0 AS MATERIALIZED (
    SELECT e.id, e.name, e.type, e.confidence, 0 AS depth FROM backend_entities.entities e WHERE e.id = (SELECT b.id FROM bench.ids b WHERE b.n = :n) AND e.is_active
),
x0 AS MATERIALIZED (
    SELECT n.id AS near, r.target_entity_id AS far, r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence, r.created_at
    FROM l0 n JOIN backend_entities.entity_relationships r ON r.source_entity_id = n.id AND r.is_active
    UNION ALL
    SELECT n.id AS near, r.source_entity_id AS far, r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence, r.created_at
    FROM l0 n JOIN backend_entities.entity_relationships r ON r.target_entity_id = n.id AND r.is_active
),
l1 AS MATERIALIZED (
    SELECT e.id, e.name, e.type, e.confidence, 1 AS depth
    FROM (SELECT DISTINCT x.far FROM x0 x WHERE x.far NOT IN (SELECT id FROM l0)) c
    JOIN backend_entities.entities e ON e.id = c.far AND e.is_active
    ORDER BY e.id
    LIMIT greatest(0, :node_cap + 1 - (SELECT count(*) FROM (SELECT id FROM l0) s))
),
x1 AS MATERIALIZED (
    SELECT n.id AS near, r.target_entity_id AS far, r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence, r.created_at
    FROM l1 n JOIN backend_entities.entity_relationships r ON r.source_entity_id = n.id AND r.is_active
    UNION ALL
    SELECT n.id AS near, r.source_entity_id AS far, r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence, r.created_at
    FROM l1 n JOIN backend_entities.entity_relationships r ON r.target_entity_id = n.id AND r.is_active
),
l2 AS MATERIALIZED (
    SELECT e.id, e.name, e.type, e.confidence, 2 AS depth
    FROM (SELECT DISTINCT x.far FROM x1 x WHERE x.far NOT IN (SELECT id FROM l0 UNION ALL SELECT id FROM l1)) c
    JOIN backend_entities.entities e ON e.id = c.far AND e.is_active
    ORDER BY e.id
    LIMIT greatest(0, :node_cap + 1 - (SELECT count(*) FROM (SELECT id FROM l0 UNION ALL SELECT id FROM l1) s))
),
x2 AS MATERIALIZED (
    SELECT n.id AS near, r.target_entity_id AS far, r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence, r.created_at
    FROM l2 n JOIN backend_entities.entity_relationships r ON r.source_entity_id = n.id AND r.is_active
),
nodes AS (SELECT * FROM l0 UNION ALL SELECT * FROM l1 UNION ALL SELECT * FROM l2),
kept AS MATERIALIZED (SELECT id FROM nodes ORDER BY depth, id LIMIT :node_cap),
edges AS (
    SELECT DISTINCT ON (x.id) x.*
    FROM (SELECT * FROM x0 UNION ALL SELECT * FROM x1 UNION ALL SELECT * FROM x2) x
    WHERE (x.near IN (SELECT id FROM kept) AND x.far IN (SELECT id FROM kept)) IS TRUE
)
SELECT 0 AS kind, n.id, NULL::uuid AS source, NULL::uuid AS target, n.name AS label, n.type, n.confidence, n.depth, NULL::timestamptz AS created_at FROM nodes n
UNION ALL
(SELECT 1, d.id, d.source_entity_id, d.target_entity_id, d.relationship_type, NULL, d.confidence, NULL, d.created_at FROM edges d ORDER BY d.created_at, d.id LIMIT :edge_cap + 1)
ORDER BY 1, 8, 9, 2;
