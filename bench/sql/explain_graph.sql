-- EXPLAIN (ANALYZE, BUFFERS) of the graph reads, as the service runs them: the same statement texts
-- (Backend.Data/Graph/NeighborhoodSql.cs for depth 2, both directions, no type filter; GraphRepository.cs for
-- subgraph, one path hop and stats), prepared, with the generic plan the service settles on after five
-- executions. Run against a seeded bench database (bench/sql/seed.sql):
--
--   psql "$DATABASE_URL" -X -f bench/sql/explain_graph.sql > bench/explain/graph-<entities>-<relationships>.txt
--   psql "$DATABASE_URL" -X -v start=<entity uuid> -f bench/sql/explain_graph.sql   # a chosen start entity
--
-- If NeighborhoodSql changes, copy its depth-2 text here again (the service logs it with log_min_duration_statement=0).
\set ON_ERROR_STOP on
\if :{?start}
\else
SELECT id AS start FROM bench.ids WHERE n = 1 + (hashint4(extract(doy FROM now())::int) & 2147483647) % (SELECT count(*) FROM bench.ids) \gset
\endif
SELECT :'start' AS start_entity,
       (SELECT count(*) FROM backend_entities.entity_relationships r WHERE r.source_entity_id = :'start' AND r.is_active) AS out_degree,
       (SELECT count(*) FROM backend_entities.entity_relationships r WHERE r.target_entity_id = :'start' AND r.is_active) AS in_degree,
       (SELECT reltuples::bigint FROM pg_class WHERE oid = 'backend_entities.entities'::regclass) AS entities_estimate,
       (SELECT reltuples::bigint FROM pg_class WHERE oid = 'backend_entities.entity_relationships'::regclass) AS relationships_estimate;
SET plan_cache_mode = force_generic_plan;

\echo
\echo === neighbours: depth 2, both directions, limit 100, edge cap 2000 (GET /api/v1/entities/{id}/neighbors?depth=2)
PREPARE neighbors(uuid, int, int) AS
WITH l0 AS MATERIALIZED (
    SELECT e.id, e.name, e.type, e.confidence, 0 AS depth FROM backend_entities.entities e WHERE e.id = $1 AND e.is_active
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
    LIMIT greatest(0, $2 + 1 - (SELECT count(*) FROM (SELECT id FROM l0) s))
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
    LIMIT greatest(0, $2 + 1 - (SELECT count(*) FROM (SELECT id FROM l0 UNION ALL SELECT id FROM l1) s))
),
x2 AS MATERIALIZED (
    SELECT n.id AS near, r.target_entity_id AS far, r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence, r.created_at
    FROM l2 n JOIN backend_entities.entity_relationships r ON r.source_entity_id = n.id AND r.is_active
),
nodes AS (SELECT * FROM l0 UNION ALL SELECT * FROM l1 UNION ALL SELECT * FROM l2),
kept AS MATERIALIZED (SELECT id FROM nodes ORDER BY depth, id LIMIT $2),
edges AS (
    SELECT DISTINCT ON (x.id) x.*
    FROM (SELECT * FROM x0 UNION ALL SELECT * FROM x1 UNION ALL SELECT * FROM x2) x
    WHERE (x.near IN (SELECT id FROM kept) AND x.far IN (SELECT id FROM kept)) IS TRUE
)
SELECT 0 AS kind, n.id, NULL::uuid AS source, NULL::uuid AS target, n.name AS label, n.type, n.confidence, n.depth, NULL::timestamptz AS created_at FROM nodes n
UNION ALL
(SELECT 1, d.id, d.source_entity_id, d.target_entity_id, d.relationship_type, NULL, d.confidence, NULL, d.created_at FROM edges d ORDER BY d.created_at, d.id LIMIT $3 + 1)
ORDER BY 1, 8, 9, 2;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE neighbors(:'start', 100, 2000);

\echo
\echo === subgraph: the start and up to 99 entities around it (POST /api/v1/graph/subgraph)
SELECT array_agg(id)::text AS sub_ids FROM (
    SELECT :'start'::uuid AS id
    UNION
    (SELECT r2.target_entity_id FROM backend_entities.entity_relationships r1
     JOIN backend_entities.entity_relationships r2 ON r2.source_entity_id = r1.target_entity_id AND r2.is_active
     WHERE r1.source_entity_id = :'start' AND r1.is_active LIMIT 60)
    UNION
    (SELECT r.target_entity_id FROM backend_entities.entity_relationships r WHERE r.source_entity_id = :'start' AND r.is_active LIMIT 39)) s \gset
PREPARE subgraph(uuid[], int) AS
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
ORDER BY 1, 9, 2;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE subgraph(:'sub_ids', 5000);

\echo
\echo === shortest path: one hop over a frontier of one entity (GET /api/v1/graph/path)
PREPARE path_hop(uuid[], int) AS
SELECT r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence
FROM unnest($1) f(id)
JOIN backend_entities.entity_relationships r ON r.source_entity_id = f.id AND r.is_active
JOIN backend_entities.entities e ON e.id = r.target_entity_id AND e.is_active
UNION ALL
SELECT r.id, r.source_entity_id, r.target_entity_id, r.relationship_type, r.confidence
FROM unnest($1) f(id)
JOIN backend_entities.entity_relationships r ON r.target_entity_id = f.id AND r.is_active
JOIN backend_entities.entities e ON e.id = r.source_entity_id AND e.is_active
LIMIT $2;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE path_hop(ARRAY[:'start'::uuid], 10000);

\echo
\echo === stats (GET /api/v1/graph/stats): folded counts plus pending deltas, no table counted
EXPLAIN (ANALYZE, BUFFERS)
SELECT kind, type, sum(count)::bigint AS count, max(changed_at) AS changed_at
FROM (SELECT kind, type, count, changed_at FROM backend_entities.graph_counts
      UNION ALL
      SELECT kind, type, delta, changed_at FROM backend_entities.graph_count_deltas) c
GROUP BY kind, type
ORDER BY kind, sum(count) DESC, type;
