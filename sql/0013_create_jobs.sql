-- 0013_create_jobs
-- Why: one extraction job per submitted document, with the lifecycle the API reports:
-- queued (written, waiting in the outbox) → dispatched (published to ai.jobs.<priority>) → completed (result
-- applied) or failed (the AI module reported an error; a retry is scheduled at next_attempt_at) → dead (no
-- retries left, or a moderator gave up). retry_count is the retry number carried by the current job message;
-- attempts counts publications. A result or error is applied once: the consumer checks status and retry_count.

CREATE TABLE backend_ingest.jobs (
    id                  uuid             PRIMARY KEY,
    document_id         uuid             NOT NULL REFERENCES backend_ingest.documents (id),
    owner_id            uuid             NOT NULL REFERENCES backend_auth.users (id),
    status              text             NOT NULL DEFAULT 'queued',
    priority            text             NOT NULL DEFAULT 'normal',
    config              jsonb            NOT NULL,
    correlation_id      text             NOT NULL,
    retry_count         integer          NOT NULL DEFAULT 0,
    max_retries         integer          NOT NULL,
    attempts            integer          NOT NULL DEFAULT 0,
    last_error          text,
    entities_extracted  integer,
    relationships_found integer,
    processing_seconds  double precision,
    created_at          timestamptz      NOT NULL,
    updated_at          timestamptz      NOT NULL,
    dispatched_at       timestamptz,
    completed_at        timestamptz,
    failed_at           timestamptz,
    next_attempt_at     timestamptz,
    CONSTRAINT jobs_status_known CHECK (status IN ('queued', 'dispatched', 'completed', 'failed', 'dead')),
    CONSTRAINT jobs_priority_known CHECK (priority IN ('high', 'normal', 'low')),
    CONSTRAINT jobs_config_object CHECK (jsonb_typeof(config) = 'object' AND octet_length(config::text) <= 10240),
    CONSTRAINT jobs_correlation_id_length CHECK (char_length(correlation_id) BETWEEN 1 AND 128),
    CONSTRAINT jobs_retry_count_range CHECK (retry_count >= 0 AND max_retries >= 0),
    CONSTRAINT jobs_attempts_positive CHECK (attempts >= 0),
    CONSTRAINT jobs_last_error_length CHECK (char_length(last_error) <= 5000),
    CONSTRAINT jobs_stats_non_negative CHECK (entities_extracted >= 0 AND relationships_found >= 0 AND processing_seconds >= 0),
    CONSTRAINT jobs_completed_has_time CHECK (status <> 'completed' OR completed_at IS NOT NULL),
    CONSTRAINT jobs_dispatched_has_time CHECK (status <> 'dispatched' OR dispatched_at IS NOT NULL),
    CONSTRAINT jobs_failed_has_error CHECK (status NOT IN ('failed', 'dead') OR (last_error IS NOT NULL AND failed_at IS NOT NULL)),
    CONSTRAINT jobs_updated_after_created CHECK (updated_at >= created_at)
);

CREATE INDEX jobs_document_id_idx ON backend_ingest.jobs (document_id);
-- Document listings filter by the status of their job.
CREATE INDEX jobs_status_idx ON backend_ingest.jobs (status, document_id);
-- The dashboard's last_updated.
CREATE INDEX jobs_completed_at_idx ON backend_ingest.jobs (completed_at) WHERE completed_at IS NOT NULL;

COMMENT ON TABLE backend_ingest.jobs IS 'Extraction jobs: queued → dispatched → completed | failed (retry scheduled) → dead';
