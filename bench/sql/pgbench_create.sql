-- The create statement of EntityRepository.CreateAsync (entity + audit row in one statement, its own transaction), for
-- PostgreSQL's own cost per create: pgbench -n -M prepared -D user_id=<uuid of an existing user> -f bench/sql/pgbench_create.sql
-- Ids are UUIDv7-shaped like the service's (time prefix), so the primary keys grow at their right edge as in production.
\set n random(1, 2000000000)
\set t random(1, 10)
WITH e AS (
    INSERT INTO backend_entities.entities AS e (id, name, type, description, confidence, source, source_type, metadata, created_by, created_at, updated_at)
    VALUES ((lpad(to_hex((extract(epoch from clock_timestamp())*1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 19))::uuid,
            'Bench person ' || :n, (ARRAY['person','organization','location','event','concept','product','document','technology','topic','project'])[:t],
            NULL, random(), NULL, 'api', ('{"bench": true, "n": ' || :n || '}')::jsonb, :user_id::uuid, now(), now())
    RETURNING e.id AS Id, e.name AS Name, e.type AS Type, e.description AS Description, e.confidence AS Confidence,
        e.source AS Source, e.source_type AS SourceType, e.metadata::text AS Metadata, e.version AS Version,
        e.is_active AS IsActive, e.created_by AS CreatedBy, e.created_at AS CreatedAt, e.updated_at AS UpdatedAt,
        e.deleted_at AS DeletedAt, e.deleted_by AS DeletedBy
), audit AS (
    INSERT INTO backend_audit.audit_events (id, occurred_at, actor_id, action, target_type, target_id, outcome, ip, user_agent, request_id, details)
    SELECT (lpad(to_hex((extract(epoch from clock_timestamp())*1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 19))::uuid,
           now(), :user_id::uuid, 'entity.create', 'entity', e.id, 'success', '127.0.0.1'::inet, NULL, 'bench-' || :n, '{}'::jsonb FROM e
)
SELECT * FROM e;
