-- Seeds the knowledge graph for the benchmark, entirely inside the server (INSERT … SELECT generate_series:
-- no client round trips, no data files), in one transaction: a failure leaves the database as it was.
-- psql variables: entities, relationships, user_id (created_by of every row), types (a SQL array literal).
--
-- Ids are UUIDv7-shaped like the service's (48-bit millisecond prefix rising with created_at), computed by
-- bench.entity_id(n) so the relationships can name both ends without a join. created_at spreads over the last
-- year. Relationship k starts at entity (k mod N) and ends at an entity chosen in a slot that is distinct for
-- every k with that start, so (source, target, type) never repeats and the unique index builds cleanly.
-- The secondary indexes are dropped first and rebuilt at the end (much faster than maintaining them row
-- by row); as superuser the foreign-key triggers are skipped too (the generated ends always exist).
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';
SET max_parallel_maintenance_workers = 2;

SELECT rolsuper AS is_superuser FROM pg_roles WHERE rolname = current_user \gset

BEGIN;
CREATE SCHEMA IF NOT EXISTS bench;

CREATE OR REPLACE FUNCTION bench.entity_id(n bigint, base_ms bigint, step_ms bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (lpad(to_hex(base_ms + n * step_ms), 12, '0') || '7' || substr(h, 1, 3)
            || substr('89ab', (n % 4)::int + 1, 1) || substr(h, 4, 15))::uuid
    FROM (SELECT md5(n::text)) AS x(h)
$$;

-- Seed geometry: N entities one step apart ending now; R relationships likewise.
SELECT :entities::bigint AS n_entities,
       :relationships::bigint AS n_relationships,
       greatest(1, 31536000000 / :entities::bigint) AS e_step,
       greatest(1, 31536000000 / greatest(:relationships::bigint, 1)) AS r_step,
       (extract(epoch FROM now()) * 1000)::bigint AS now_ms,
       ceil(:relationships::numeric / :entities)::bigint AS per_entity
\gset
SELECT :now_ms::bigint - :n_entities::bigint * :e_step AS e_base, :now_ms::bigint - :n_relationships::bigint * :r_step AS r_base,
       (:n_entities - 1) / :per_entity AS stride \gset

CREATE TEMP TABLE saved_indexes ON COMMIT DROP AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
FROM pg_index i
WHERE i.indrelid IN ('backend_entities.entities'::regclass, 'backend_entities.entity_relationships'::regclass)
  AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
SELECT format('DROP INDEX %s', name) FROM saved_indexes \gexec

\if :is_superuser
SET LOCAL session_replication_role = replica;
\endif

\echo seeding :n_entities entities
INSERT INTO backend_entities.entities
    (id, name, type, confidence, source, source_type, metadata, created_by, created_at, updated_at)
SELECT bench.entity_id(n, :e_base, :e_step),
       'Entity ' || n,
       t.types[1 + n % array_length(t.types, 1)],
       (n % 1001) / 1000.0,
       'https://example.org/' || n,
       (ARRAY['article', 'document', 'web_page', 'api', 'manual'])[1 + (n / 7) % 5],
       jsonb_build_object('seed', true, 'rank', n % 100),
       :'user_id'::uuid,
       c.at, c.at
FROM generate_series(1::bigint, :n_entities) AS n,
     LATERAL (SELECT to_timestamp((:e_base + n * :e_step) / 1000.0) AS at) AS c,
     (SELECT :'types'::text[] AS types) AS t;

\echo seeding :n_relationships relationships
INSERT INTO backend_entities.entity_relationships
    (id, source_entity_id, target_entity_id, relationship_type, confidence, created_by, created_at, updated_at)
SELECT bench.entity_id(k, :r_base, :r_step),
       bench.entity_id(s + 1, :e_base, :e_step),
       bench.entity_id((s + 1 + (k / :n_entities) * :stride + (hashint8(k)::bigint & 2147483647) % :stride) % :n_entities + 1,
                       :e_base, :e_step),
       (ARRAY['related_to', 'works_for', 'located_in', 'part_of', 'mentions'])[1 + k % 5],
       (k % 1001) / 1000.0,
       :'user_id'::uuid,
       c.at, c.at
FROM generate_series(0::bigint, :n_relationships - 1) AS k,
     LATERAL (SELECT k % :n_entities AS s, to_timestamp((:r_base + k * :r_step) / 1000.0) AS at) AS c;

\echo rebuilding indexes
SELECT def FROM saved_indexes \gexec

-- The lookup table pgbench and the wrk scripts draw random seeded ids from.
CREATE TABLE IF NOT EXISTS bench.ids (n integer PRIMARY KEY, id uuid NOT NULL);
TRUNCATE bench.ids;
INSERT INTO bench.ids (n, id)
SELECT n, bench.entity_id(n, :e_base, :e_step) FROM generate_series(1::bigint, :n_entities) AS n;

-- The graph counts (sql/0024) are kept by triggers, which the superuser load above skipped: count once.
SELECT to_regproc('backend_entities.recount_graph_counts') IS NOT NULL AS has_graph_counts \gset
\if :has_graph_counts
\echo recounting graph counts
SELECT backend_entities.recount_graph_counts();
\endif
COMMIT;

\echo vacuum analyze
VACUUM (ANALYZE) backend_entities.entities;
VACUUM (ANALYZE) backend_entities.entity_relationships;
VACUUM (ANALYZE) bench.ids;
