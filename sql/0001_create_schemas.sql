-- 0001_create_schemas
-- Why: every table of Backend lives in a schema named {module}_{problem}, never in public, so the
-- platform's modules can share one PostgreSQL without name clashes and DBAs can grant per problem area.
-- backend_auth: accounts, refresh tokens, password-reset tokens, API keys.
-- backend_entities: the knowledge graph (entities and relationships).
-- backend_audit: who did what, when.
-- (The migration journal lives in backend_migrations, created by the runner.)

CREATE SCHEMA IF NOT EXISTS backend_auth;
CREATE SCHEMA IF NOT EXISTS backend_entities;
CREATE SCHEMA IF NOT EXISTS backend_audit;

COMMENT ON SCHEMA backend_auth IS 'Backend: accounts and authentication';
COMMENT ON SCHEMA backend_entities IS 'Backend: knowledge graph entities and relationships';
COMMENT ON SCHEMA backend_audit IS 'Backend: audit events';
