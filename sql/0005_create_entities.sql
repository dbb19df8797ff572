-- 0005_create_entities
-- Why: the knowledge graph's nodes. Every rule the API enforces is also a CHECK here, so no path (API,
-- psql, a future job) can store an entity the API would reject. Soft delete keeps the row (is_active,
-- deleted_at, deleted_by) so relationships and audit history stay meaningful and restore is possible.
-- version backs the strong ETag used for optimistic concurrency (If-Match).
-- pg_trgm powers ranked name search (q=); it is a trusted extension, so the database owner may create it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE backend_entities.entities (
    id          uuid             PRIMARY KEY,
    name        text             NOT NULL,
    type        text             NOT NULL,
    description text,
    confidence  double precision NOT NULL DEFAULT 1.0,
    source      text,
    source_type text             NOT NULL DEFAULT 'manual',
    metadata    jsonb            NOT NULL DEFAULT '{}'::jsonb,
    version     integer          NOT NULL DEFAULT 1,
    is_active   boolean          NOT NULL DEFAULT true,
    created_by  uuid             NOT NULL REFERENCES backend_auth.users (id),
    created_at  timestamptz      NOT NULL,
    updated_at  timestamptz      NOT NULL,
    deleted_at  timestamptz,
    deleted_by  uuid             REFERENCES backend_auth.users (id),
    CONSTRAINT entities_name_length CHECK (char_length(name) BETWEEN 1 AND 200 AND name = btrim(name)),
    CONSTRAINT entities_type_identifier CHECK (type ~ '^[a-z][a-z0-9_]*$' AND char_length(type) <= 100),
    CONSTRAINT entities_description_length CHECK (char_length(description) <= 5000),
    CONSTRAINT entities_confidence_range CHECK (confidence >= 0 AND confidence <= 1),
    CONSTRAINT entities_source_length CHECK (char_length(source) <= 500),
    CONSTRAINT entities_source_type_known CHECK (source_type IN ('article', 'document', 'web_page', 'api', 'manual')),
    CONSTRAINT entities_metadata_object CHECK (jsonb_typeof(metadata) = 'object' AND octet_length(metadata::text) <= 10240),
    CONSTRAINT entities_version_positive CHECK (version >= 1),
    CONSTRAINT entities_soft_delete_consistent CHECK (
        (is_active AND deleted_at IS NULL AND deleted_by IS NULL) OR (NOT is_active AND deleted_at IS NOT NULL)),
    CONSTRAINT entities_updated_after_created CHECK (updated_at >= created_at)
);

-- Listing: the default order (newest first) and the other sorts, each with id as the keyset tie-breaker.
CREATE INDEX entities_created_at_idx ON backend_entities.entities (created_at, id) WHERE is_active;
CREATE INDEX entities_name_idx ON backend_entities.entities (name, id) WHERE is_active;
CREATE INDEX entities_confidence_idx ON backend_entities.entities (confidence, id) WHERE is_active;
-- Filters.
CREATE INDEX entities_type_created_at_idx ON backend_entities.entities (type, created_at, id) WHERE is_active;
CREATE INDEX entities_source_type_idx ON backend_entities.entities (source_type) WHERE is_active;
CREATE INDEX entities_created_by_idx ON backend_entities.entities (created_by, created_at);
-- include_deleted listings and restore look at deleted rows by time.
CREATE INDEX entities_deleted_at_idx ON backend_entities.entities (deleted_at) WHERE NOT is_active;
-- q= name search (similarity ranking) and metadata= containment.
CREATE INDEX entities_name_trgm_idx ON backend_entities.entities USING gin (name gin_trgm_ops);
CREATE INDEX entities_metadata_idx ON backend_entities.entities USING gin (metadata jsonb_path_ops);

COMMENT ON TABLE backend_entities.entities IS 'Knowledge graph nodes; soft-deleted rows have is_active = false';
COMMENT ON COLUMN backend_entities.entities.version IS 'Incremented on every change; the strong ETag of the entity';
