-- 0012_create_documents
-- Why: a document is the text a user hands to the AI module for extraction. The API limits content to
-- DOCUMENT_MAX_BYTES (default 10 MB); the CHECK holds the hard ceiling of that setting (100 MB) so no path
-- can store more, and content_bytes (UTF-8 octets, checked against the content) lets listings report the
-- size without reading the TOASTed content. Listings page by (created_at, id), per owner or for everyone.

CREATE TABLE backend_ingest.documents (
    id             uuid        PRIMARY KEY,
    owner_id       uuid        NOT NULL REFERENCES backend_auth.users (id),
    title          text,
    document_type  text        NOT NULL,
    source_url     text,
    content        text        NOT NULL,
    content_bytes  integer     NOT NULL,
    created_at     timestamptz NOT NULL,
    CONSTRAINT documents_title_length CHECK (char_length(title) BETWEEN 1 AND 500),
    CONSTRAINT documents_type_identifier CHECK (document_type ~ '^[a-z][a-z0-9_]*$' AND char_length(document_type) <= 50),
    CONSTRAINT documents_source_url_http CHECK (source_url ~ '^https?://[^\s]+$' AND char_length(source_url) <= 2048),
    CONSTRAINT documents_content_size CHECK (content_bytes BETWEEN 1 AND 104857600 AND content_bytes = octet_length(content))
);

CREATE INDEX documents_created_at_idx ON backend_ingest.documents (created_at, id);
CREATE INDEX documents_owner_created_at_idx ON backend_ingest.documents (owner_id, created_at, id);
CREATE INDEX documents_type_created_at_idx ON backend_ingest.documents (document_type, created_at, id);

COMMENT ON TABLE backend_ingest.documents IS 'Documents submitted for extraction; content_bytes is octet_length(content)';
