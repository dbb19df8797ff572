-- 0015_create_provenance
-- Why: the graph must say where its knowledge came from. A row links a document to an entity or a
-- relationship the AI module found in it (through which job, with what confidence and mention text).
-- One row per (document, entity) and (document, relationship): redelivered results change nothing.
-- The reverse indexes answer "which documents mention this entity / relationship".

CREATE TABLE backend_ingest.entity_mentions (
    document_id  uuid             NOT NULL REFERENCES backend_ingest.documents (id),
    entity_id    uuid             NOT NULL REFERENCES backend_entities.entities (id),
    job_id       uuid             NOT NULL REFERENCES backend_ingest.jobs (id),
    mention_text text             NOT NULL,
    confidence   double precision NOT NULL,
    created_at   timestamptz      NOT NULL,
    PRIMARY KEY (document_id, entity_id),
    CONSTRAINT entity_mentions_text_length CHECK (char_length(mention_text) BETWEEN 1 AND 1000),
    CONSTRAINT entity_mentions_confidence_range CHECK (confidence >= 0 AND confidence <= 1)
);

CREATE INDEX entity_mentions_entity_idx ON backend_ingest.entity_mentions (entity_id, created_at, document_id);

CREATE TABLE backend_ingest.relationship_mentions (
    document_id     uuid             NOT NULL REFERENCES backend_ingest.documents (id),
    relationship_id uuid             NOT NULL REFERENCES backend_entities.entity_relationships (id),
    job_id          uuid             NOT NULL REFERENCES backend_ingest.jobs (id),
    confidence      double precision NOT NULL,
    created_at      timestamptz      NOT NULL,
    PRIMARY KEY (document_id, relationship_id),
    CONSTRAINT relationship_mentions_confidence_range CHECK (confidence >= 0 AND confidence <= 1)
);

CREATE INDEX relationship_mentions_relationship_idx ON backend_ingest.relationship_mentions (relationship_id, created_at, document_id);

COMMENT ON TABLE backend_ingest.entity_mentions IS 'Provenance: documents in which an entity was found';
COMMENT ON TABLE backend_ingest.relationship_mentions IS 'Provenance: documents in which a relationship was found';
