-- 0011_create_ingest_schema
-- Why: documents submitted for AI extraction, their jobs, the transactional outbox of messages leaving the
-- service and the provenance links (which document mentioned which entity or relationship) are one problem
-- area with its own grants: backend_ingest, next to backend_auth, backend_entities and backend_audit.

CREATE SCHEMA IF NOT EXISTS backend_ingest;

COMMENT ON SCHEMA backend_ingest IS 'Backend: documents, extraction jobs, the outbox and provenance';
