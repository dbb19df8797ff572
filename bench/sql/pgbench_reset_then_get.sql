-- Experiment (not part of run.sh): what Npgsql sends when a pooled connection that has prepared statements is
-- handed out again (its reset, instead of DISCARD ALL), followed by the get-by-id query, as one round trip.
-- Compare with pgbench_get_by_id.sql, both with -M simple, to see what the reset costs PostgreSQL per request:
--   pgbench -n -M simple -c 32 -j 2 -T 15 -D count=<N> -f bench/sql/pgbench_reset_then_get.sql <db>
\set n random(1, :count)
SET SESSION AUTHORIZATION DEFAULT\;RESET ALL\;CLOSE ALL\;UNLISTEN *\;SELECT pg_advisory_unlock_all()\;DISCARD SEQUENCES\;DISCARD TEMP\;SELECT e.id, e.name, e.type, e.description, e.confidence, e.source, e.source_type, e.metadata::text, e.version, e.is_active, e.created_by, e.created_at, e.updated_at, e.deleted_at, e.deleted_by FROM backend_entities.entities e WHERE e.id = (SELECT b.id FROM bench.ids b WHERE b.n = :n);
