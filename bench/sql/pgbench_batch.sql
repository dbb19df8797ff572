-- The batch statement of EntityRepository.CreateBatchAsync (1,000 entities + 1,000 audit rows with details {"batch": true}
-- in one statement), rows generated in the server instead of sent as arrays: pgbench -n -M prepared -D user_id=<uuid> -f bench/sql/pgbench_batch.sql
\set n random(1, 2000000000)
WITH input AS (
    SELECT (lpad(to_hex((extract(epoch from clock_timestamp())*1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 19))::uuid AS id,
           (lpad(to_hex((extract(epoch from clock_timestamp())*1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 19))::uuid AS audit_id,
           'Bench ' || ty || ' ' || :n || '-' || g AS name, ty AS type, NULL::text AS description, random() AS confidence, NULL::text AS source,
           'api' AS source_type, '{"bench": true, "n": ' || g || '}' AS metadata
    FROM generate_series(1, 1000) g,
         LATERAL (SELECT (ARRAY['person','organization','location','event','concept','product','document','technology','topic','project'])[1 + (g % 10)] AS ty) t
), e AS (
    INSERT INTO backend_entities.entities AS e (id, name, type, description, confidence, source, source_type, metadata, created_by, created_at, updated_at)
    SELECT i.id, i.name, i.type, i.description, i.confidence, i.source, i.source_type, i.metadata::jsonb, :user_id::uuid, now(), now()
    FROM input i
    RETURNING e.id AS Id, e.name AS Name, e.type AS Type, e.description AS Description, e.confidence AS Confidence,
        e.source AS Source, e.source_type AS SourceType, e.metadata::text AS Metadata, e.version AS Version,
        e.is_active AS IsActive, e.created_by AS CreatedBy, e.created_at AS CreatedAt, e.updated_at AS UpdatedAt,
        e.deleted_at AS DeletedAt, e.deleted_by AS DeletedBy
), audit AS (
    INSERT INTO backend_audit.audit_events (id, occurred_at, actor_id, action, target_type, target_id, outcome, ip, user_agent, request_id, details)
    SELECT i.audit_id, now(), :user_id::uuid, 'entity.create', 'entity', e.id, 'success', '127.0.0.1'::inet, NULL, 'bench-' || :n, '{"batch": true}'::jsonb
    FROM e JOIN input i ON i.id = e.id
)
SELECT * FROM e;
