-- Seeds the knowledge graph for the benchmark, entirely inside the server (INSERT … SELECT generate_series:
-- no client round trips, no data files), in one transaction: a failure leaves the database as it was.
-- psql variables: entities, relationships, user_id (created_by of every row), types (a SQL array literal).
--
-- Ids are UUIDv7-shaped like the service's (48-bit millisecond prefix rising with created_at), computed by
-- bench.entity_id(n) into bench.ids first, so the relationships can name both ends without a join.
-- created_at spreads over the last year. Relationship k starts at entity (k mod N) and ends at an entity chosen in a slot that is distinct for
-- every k with that start, so (source, target, type) never repeats and the unique index builds cleanly.
-- The secondary indexes are dropped first and rebuilt at the end (much faster than maintaining them row
-- by row); as superuser the foreign-key triggers are skipped too (the generated ends always exist).
-- When the server runs with wal_level=minimal (run.sh's load settings for its own cluster), the empty tables
-- are truncated inside the transaction first: rows and indexes written into a relation created or truncated
-- in the same transaction skip the WAL (the files are synced at commit instead), which roughly halves the
-- I/O of a large seed.
-- psql variable maint_workers: parallel workers per index build (run.sh passes cores - 1; the leader is one more).
\set ON_ERROR_STOP on
\timing on
SET synchronous_commit = off;
SELECT CASE WHEN pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('512MB') THEN '512MB'
            ELSE current_setting('maintenance_work_mem') END AS maintenance_work_mem \gset
SET maintenance_work_mem = :'maintenance_work_mem';
SET max_parallel_maintenance_workers = :maint_workers;

SELECT rolsuper AS is_superuser FROM pg_roles WHERE rolname = current_user \gset

BEGIN;
CREATE SCHEMA IF NOT EXISTS bench;

-- <12 hex digits of the millisecond time> 7 <3 hex of md5(n)> <variant 8|9|a|b> <15 hex of md5(n)>. One
-- expression without FROM so the planner inlines it (a called SQL function costs about twice as much per row);
-- it is inlined only when its argument is a plain column, hence the OFFSET 0 subqueries below.
CREATE OR REPLACE FUNCTION bench.entity_id(n bigint, base_ms bigint, step_ms bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (lpad(to_hex(base_ms + n * step_ms), 12, '0')
            || overlay('7' || left(md5(n::text), 18) PLACING substr('89ab', (n % 4)::int + 1, 1) FROM 5 FOR 0))::uuid
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

DO $$
DECLARE
    tables text;
    busy boolean;
BEGIN
    IF current_setting('wal_level') <> 'minimal' THEN
        RETURN;
    END IF;
    -- The two tables and every table whose foreign keys point at them (TRUNCATE takes them together).
    SELECT string_agg(DISTINCT t::regclass::text, ', ') INTO tables
    FROM (SELECT 'backend_entities.entities'::regclass::oid
          UNION SELECT 'backend_entities.entity_relationships'::regclass::oid
          UNION SELECT conrelid FROM pg_constraint
                WHERE contype = 'f'
                  AND confrelid IN ('backend_entities.entities'::regclass, 'backend_entities.entity_relationships'::regclass)) AS x(t);
    EXECUTE (SELECT string_agg(format('SELECT 1 FROM %s', t), ' UNION ALL ') FROM unnest(string_to_array(tables, ', ')) AS t)
            || ' LIMIT 1' INTO busy;
    IF busy THEN
        RAISE NOTICE 'not truncating (% hold rows): the seed is WAL-logged', tables;
        RETURN;
    END IF;
    RAISE NOTICE 'wal_level=minimal: truncating % so the seed skips the WAL', tables;
    EXECUTE 'TRUNCATE ' || tables;
END
$$;

\if :is_superuser
SET LOCAL session_replication_role = replica;
\endif

-- The entity ids first, in the lookup table pgbench and the wrk scripts draw random seeded ids from; both inserts
-- then take an entity's id from one in-memory array (ids.id_of[n]: a constant-time subscript, several times
-- cheaper than computing the id again for each end of 10M relationships).
\echo computing :n_entities entity ids
DROP TABLE IF EXISTS bench.ids;
CREATE TABLE bench.ids (n integer NOT NULL, id uuid NOT NULL);
INSERT INTO bench.ids (n, id)
SELECT n, bench.entity_id(n, :e_base, :e_step) FROM (SELECT n FROM generate_series(1::bigint, :n_entities) AS n OFFSET 0) AS x;
ALTER TABLE bench.ids ADD PRIMARY KEY (n);

\echo seeding :n_entities entities
INSERT INTO backend_entities.entities
    (id, name, type, confidence, source, source_type, metadata, created_by, created_at, updated_at)
SELECT ids.id_of[n],
       'Entity ' || n,
       t.types[1 + n % array_length(t.types, 1)],
       (n % 1001) / 1000.0,
       'https://example.org/' || n,
       (ARRAY['article', 'document', 'web_page', 'api', 'manual'])[1 + (n / 7) % 5],
       jsonb_build_object('seed', true, 'rank', n % 100),
       :'user_id'::uuid,
       c.at, c.at
FROM (SELECT n, to_timestamp((:e_base + n * :e_step) / 1000.0) AS at FROM generate_series(1::bigint, :n_entities) AS n OFFSET 0) AS c,
     (SELECT array_agg(id ORDER BY n) AS id_of FROM bench.ids) AS ids,
     (SELECT :'types'::text[] AS types) AS t;

\echo seeding :n_relationships relationships
INSERT INTO backend_entities.entity_relationships
    (id, source_entity_id, target_entity_id, relationship_type, confidence, created_by, created_at, updated_at)
SELECT bench.entity_id(k, :r_base, :r_step),
       ids.id_of[source_n],
       ids.id_of[target_n],
       (ARRAY['related_to', 'works_for', 'located_in', 'part_of', 'mentions'])[1 + k % 5],
       (k % 1001) / 1000.0,
       :'user_id'::uuid,
       at, at
FROM (SELECT k,
             k % :n_entities + 1 AS source_n,
             (k % :n_entities + 1 + (k / :n_entities) * :stride + (hashint8(k)::bigint & 2147483647) % :stride) % :n_entities + 1 AS target_n,
             to_timestamp((:r_base + k * :r_step) / 1000.0) AS at
      FROM generate_series(0::bigint, :n_relationships - 1) AS k
      OFFSET 0) AS c,
     (SELECT array_agg(id ORDER BY n) AS id_of FROM bench.ids) AS ids;

\echo rebuilding indexes
SELECT def FROM saved_indexes \gexec

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
