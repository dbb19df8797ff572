-- 0017_create_job_status_counts
-- Why: GET /api/v1/dashboard reports jobs per status and must stay cheap at millions of jobs, so the counts
-- are maintained by a trigger instead of counted per request. Each job updates one of 16 shards per status
-- (chosen by its id), so concurrent submissions do not queue on one counter row; the dashboard sums them.

CREATE TABLE backend_ingest.job_status_counts (
    status text    NOT NULL,
    shard  integer NOT NULL,
    jobs   bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (status, shard),
    CONSTRAINT job_status_counts_status_known CHECK (status IN ('queued', 'dispatched', 'completed', 'failed', 'dead')),
    CONSTRAINT job_status_counts_shard_range CHECK (shard BETWEEN 0 AND 15)
);

INSERT INTO backend_ingest.job_status_counts (status, shard)
SELECT s.status, g.shard
FROM unnest(ARRAY['queued', 'dispatched', 'completed', 'failed', 'dead']) AS s(status), generate_series(0, 15) AS g(shard);

CREATE FUNCTION backend_ingest.count_job_status() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE backend_ingest.job_status_counts SET jobs = jobs - 1
        WHERE status = OLD.status AND shard = abs(hashtext(OLD.id::text)) % 16;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE backend_ingest.job_status_counts SET jobs = jobs + 1
        WHERE status = NEW.status AND shard = abs(hashtext(NEW.id::text)) % 16;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_count_status_on_insert_or_delete AFTER INSERT OR DELETE ON backend_ingest.jobs
    FOR EACH ROW EXECUTE FUNCTION backend_ingest.count_job_status();
CREATE TRIGGER jobs_count_status_on_change AFTER UPDATE OF status ON backend_ingest.jobs
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION backend_ingest.count_job_status();

-- Jobs that existed before this script (none in a fresh install) are counted once here.
UPDATE backend_ingest.job_status_counts c SET jobs = n.jobs
FROM (SELECT status, abs(hashtext(id::text)) % 16 AS shard, count(*) AS jobs FROM backend_ingest.jobs GROUP BY 1, 2) n
WHERE c.status = n.status AND c.shard = n.shard;
