-- 0006_create_entity_relationships
-- Why: the knowledge graph's typed, directed edges. Both ends are real foreign keys of the same type as
-- entities.id (the previous module mixed integer and uuid). A relationship never points at itself, and
-- there is at most one active relationship per (source, target, type): the partial unique index makes two
-- racing identical creates end in one row and one 409. Traversals read edges by either end, filtered by type.

CREATE TABLE backend_entities.entity_relationships (
    id                uuid             PRIMARY KEY,
    source_entity_id  uuid             NOT NULL REFERENCES backend_entities.entities (id),
    target_entity_id  uuid             NOT NULL REFERENCES backend_entities.entities (id),
    relationship_type text             NOT NULL,
    confidence        double precision NOT NULL DEFAULT 1.0,
    evidence          text,
    metadata          jsonb            NOT NULL DEFAULT '{}'::jsonb,
    version           integer          NOT NULL DEFAULT 1,
    is_active         boolean          NOT NULL DEFAULT true,
    created_by        uuid             NOT NULL REFERENCES backend_auth.users (id),
    created_at        timestamptz      NOT NULL,
    updated_at        timestamptz      NOT NULL,
    deleted_at        timestamptz,
    deleted_by        uuid             REFERENCES backend_auth.users (id),
    CONSTRAINT entity_relationships_not_self CHECK (source_entity_id <> target_entity_id),
    CONSTRAINT entity_relationships_type_identifier CHECK (relationship_type ~ '^[a-z][a-z0-9_]*$' AND char_length(relationship_type) <= 100),
    CONSTRAINT entity_relationships_confidence_range CHECK (confidence >= 0 AND confidence <= 1),
    CONSTRAINT entity_relationships_evidence_length CHECK (char_length(evidence) <= 5000),
    CONSTRAINT entity_relationships_metadata_object CHECK (jsonb_typeof(metadata) = 'object' AND octet_length(metadata::text) <= 10240),
    CONSTRAINT entity_relationships_version_positive CHECK (version >= 1),
    CONSTRAINT entity_relationships_soft_delete_consistent CHECK (
        (is_active AND deleted_at IS NULL AND deleted_by IS NULL) OR (NOT is_active AND deleted_at IS NOT NULL)),
    CONSTRAINT entity_relationships_updated_after_created CHECK (updated_at >= created_at)
);

CREATE UNIQUE INDEX entity_relationships_active_key
    ON backend_entities.entity_relationships (source_entity_id, target_entity_id, relationship_type) WHERE is_active;
-- Outgoing and incoming edges of a node (neighbors, paths, per-entity listings), optionally by type.
CREATE INDEX entity_relationships_source_idx
    ON backend_entities.entity_relationships (source_entity_id, relationship_type) INCLUDE (target_entity_id) WHERE is_active;
CREATE INDEX entity_relationships_target_idx
    ON backend_entities.entity_relationships (target_entity_id, relationship_type) INCLUDE (source_entity_id) WHERE is_active;
-- Listing in creation order with keyset paging, and by type.
CREATE INDEX entity_relationships_created_at_idx ON backend_entities.entity_relationships (created_at, id) WHERE is_active;
CREATE INDEX entity_relationships_type_idx ON backend_entities.entity_relationships (relationship_type, created_at, id) WHERE is_active;
CREATE INDEX entity_relationships_created_by_idx ON backend_entities.entity_relationships (created_by, created_at);

COMMENT ON TABLE backend_entities.entity_relationships IS 'Knowledge graph edges; soft-deleted rows have is_active = false';
