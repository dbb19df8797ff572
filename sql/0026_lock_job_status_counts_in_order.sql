-- 0026_lock_job_status_counts_in_order
-- Why: a job's status change moves one count between two rows of the same shard of job_status_counts (sql/0017):
-- it decremented the old status's row, then incremented the new one's. Two transactions moving jobs of one shard in
-- opposite directions (a retry re-dispatched, failed → dispatched, while another job of the shard failed,
-- dispatched → failed) each held one of the two rows and waited for the other: a deadlock, and the transaction
-- PostgreSQL aborted lost its work (for the outbox relay, a batch the broker had already received, which was then
-- published again). Now both rows are locked first, in status order, so every status change takes the rows of a
-- shard in the same order and no two of them can wait on each other. (Transactions that change many jobs at once,
-- the outbox relay's mark-sent step, also take turns under an advisory lock: their shards come in no fixed order.)

CREATE OR REPLACE FUNCTION backend_ingest.count_job_status() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v_shard integer;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        v_shard := abs(hashtext(NEW.id::text)) % 16;
        PERFORM 1 FROM backend_ingest.job_status_counts
        WHERE shard = v_shard AND status IN (OLD.status, NEW.status)
        ORDER BY status
        FOR UPDATE;
        UPDATE backend_ingest.job_status_counts SET jobs = jobs - 1 WHERE status = OLD.status AND shard = v_shard;
        UPDATE backend_ingest.job_status_counts SET jobs = jobs + 1 WHERE status = NEW.status AND shard = v_shard;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE backend_ingest.job_status_counts SET jobs = jobs - 1
        WHERE status = OLD.status AND shard = abs(hashtext(OLD.id::text)) % 16;
    ELSE
        UPDATE backend_ingest.job_status_counts SET jobs = jobs + 1
        WHERE status = NEW.status AND shard = abs(hashtext(NEW.id::text)) % 16;
    END IF;
    RETURN NULL;
END;
$$;
