-- 0016_add_entity_extraction_method
-- Why: entities created from an AI extraction say so (source_type 'document', extraction_method 'ai_extraction',
-- source the document's API path); hand-made entities keep extraction_method NULL. An extracted entity merges
-- with the active entity of the same canonical name and type: canonical_name() (trimmed, inner whitespace
-- collapsed, lower-cased) is the one definition, and the expression index serves the merge lookup.
-- Adding a nullable column without a default does not rewrite the table.

ALTER TABLE backend_entities.entities
    ADD COLUMN extraction_method text,
    ADD CONSTRAINT entities_extraction_method_identifier CHECK (extraction_method ~ '^[a-z][a-z0-9_]*$' AND char_length(extraction_method) <= 50);

CREATE FUNCTION backend_entities.canonical_name(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(regexp_replace(btrim(name), '\s+', ' ', 'g'));

CREATE INDEX entities_canonical_name_idx
    ON backend_entities.entities (type, backend_entities.canonical_name(name)) WHERE is_active;

COMMENT ON COLUMN backend_entities.entities.extraction_method IS 'How an extracted entity was found (ai_extraction); NULL when made by hand';
