-- pgbench: the service's get-by-id query (EntityRepository.GetAsync, same column list) for a random seeded
-- entity. The id comes from bench.ids by primary key inside the same statement (one round trip, like the API).
-- pgbench -D count=<seeded entities>.
\set n random(1, :count)
SELECT e.id, e.name, e.type, e.description, e.confidence, e.source, e.source_type, e.metadata::text, e.version,
       e.is_active, e.created_by, e.created_at, e.updated_at, e.deleted_at, e.deleted_by
FROM backend_entities.entities e
WHERE e.id = (SELECT b.id FROM bench.ids b WHERE b.n = :n);
