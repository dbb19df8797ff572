-- 0024_create_graph_counts
-- Why: GET /api/v1/graph/stats and the dashboard report active entities and visible relationships per type and
-- the time of the last change; counting 10M rows per request is not an option, and the figures are exact (tests
-- and clients compare them). So triggers maintain them, insert-only: each write statement appends one delta row
-- per type it changed to graph_count_deltas (no index, no shared row to update, so concurrent writers never wait
-- on each other), readers sum graph_counts plus the pending deltas, and a periodic fold
-- (fold_graph_counts(), run by the service) moves the deltas into graph_counts in one statement.
--
-- A relationship is counted when it is visible (Backend.Data/Relationships/RelationshipVisibility): active and
-- both of its entities active. Soft-deleting or restoring an entity therefore changes the counts of its
-- relationships. That trigger takes an exclusive transaction-level advisory lock and the relationship triggers
-- a shared one, and each recomputes visibility with a fresh READ COMMITTED snapshot after taking it, so an entity
-- flip and a concurrent relationship write (or a flip of the other end) never count the same edge twice or not at
-- all. Relationship writes share the lock among themselves; only entity deletes and restores queue.

CREATE TABLE backend_entities.graph_counts (
    kind       text        NOT NULL,
    type       text        NOT NULL,
    count      bigint      NOT NULL,
    changed_at timestamptz,
    PRIMARY KEY (kind, type),
    CONSTRAINT graph_counts_kind_known CHECK (kind IN ('entity', 'relationship'))
);

CREATE TABLE backend_entities.graph_count_deltas (
    kind       text        NOT NULL,
    type       text        NOT NULL,
    delta      bigint      NOT NULL,
    changed_at timestamptz,
    CONSTRAINT graph_count_deltas_kind_known CHECK (kind IN ('entity', 'relationship'))
);

COMMENT ON TABLE backend_entities.graph_counts IS 'Active entities and visible relationships per type, folded from graph_count_deltas';
COMMENT ON TABLE backend_entities.graph_count_deltas IS 'Insert-only per-statement count changes, folded into graph_counts by fold_graph_counts()';

-- The advisory lock key (an arbitrary constant reserved for this purpose).
CREATE FUNCTION backend_entities.graph_counts_lock_key() RETURNS bigint
    LANGUAGE sql IMMUTABLE AS 'SELECT 7024001123581321::bigint';

CREATE FUNCTION backend_entities.count_entity_changes() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO backend_entities.graph_count_deltas (kind, type, delta, changed_at)
        SELECT 'entity', n.type, count(*) FILTER (WHERE n.is_active), max(n.updated_at) FROM new_rows n GROUP BY n.type;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO backend_entities.graph_count_deltas (kind, type, delta, changed_at)
        SELECT 'entity', o.type, -count(*) FILTER (WHERE o.is_active), NULL FROM old_rows o GROUP BY o.type;
    ELSE
        IF EXISTS (SELECT FROM old_rows o JOIN new_rows n USING (id) WHERE o.is_active IS DISTINCT FROM n.is_active) THEN
            PERFORM pg_advisory_xact_lock(backend_entities.graph_counts_lock_key());
            -- A fresh snapshot from here on: relationship writes that held the shared lock have committed.
            INSERT INTO backend_entities.graph_count_deltas (kind, type, delta, changed_at)
            WITH flipped AS (
                SELECT o.id, o.is_active AS was_active FROM old_rows o JOIN new_rows n USING (id) WHERE o.is_active IS DISTINCT FROM n.is_active
            ),
            touched AS (
                SELECT r.id, r.source_entity_id, r.target_entity_id, r.relationship_type
                FROM flipped f JOIN backend_entities.entity_relationships r ON r.source_entity_id = f.id AND r.is_active
                UNION
                SELECT r.id, r.source_entity_id, r.target_entity_id, r.relationship_type
                FROM flipped f JOIN backend_entities.entity_relationships r ON r.target_entity_id = f.id AND r.is_active
            )
            SELECT 'relationship', t.relationship_type,
                   sum((s.is_active AND g.is_active)::int
                       - (coalesce(fs.was_active, s.is_active) AND coalesce(fg.was_active, g.is_active))::int),
                   NULL
            FROM touched t
            JOIN backend_entities.entities s ON s.id = t.source_entity_id
            JOIN backend_entities.entities g ON g.id = t.target_entity_id
            LEFT JOIN flipped fs ON fs.id = t.source_entity_id
            LEFT JOIN flipped fg ON fg.id = t.target_entity_id
            GROUP BY t.relationship_type;
        END IF;
        INSERT INTO backend_entities.graph_count_deltas (kind, type, delta, changed_at)
        SELECT 'entity', c.type, sum(c.delta), max(c.changed_at)
        FROM (SELECT o.type, -1 AS delta, NULL::timestamptz AS changed_at FROM old_rows o WHERE o.is_active
              UNION ALL
              SELECT n.type, n.is_active::int, n.updated_at FROM new_rows n) c
        GROUP BY c.type;
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION backend_entities.count_relationship_changes() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(backend_entities.graph_counts_lock_key());
    IF TG_OP = 'INSERT' THEN
        INSERT INTO backend_entities.graph_count_deltas (kind, type, delta, changed_at)
        SELECT 'relationship', n.relationship_type, count(*) FILTER (WHERE n.is_active AND s.is_active AND g.is_active), max(n.updated_at)
        FROM new_rows n
        JOIN backend_entities.entities s ON s.id = n.source_entity_id
        JOIN backend_entities.entities g ON g.id = n.target_entity_id
        GROUP BY n.relationship_type;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO backend_entities.graph_count_deltas (kind, type, delta, changed_at)
        SELECT 'relationship', o.relationship_type, -count(*) FILTER (WHERE o.is_active AND s.is_active AND g.is_active), NULL
        FROM old_rows o
        JOIN backend_entities.entities s ON s.id = o.source_entity_id
        JOIN backend_entities.entities g ON g.id = o.target_entity_id
        GROUP BY o.relationship_type;
    ELSE
        INSERT INTO backend_entities.graph_count_deltas (kind, type, delta, changed_at)
        SELECT 'relationship', c.type, sum(c.delta), max(c.changed_at)
        FROM (SELECT o.relationship_type AS type, -(o.is_active AND s.is_active AND g.is_active)::int AS delta, NULL::timestamptz AS changed_at
              FROM old_rows o
              JOIN backend_entities.entities s ON s.id = o.source_entity_id
              JOIN backend_entities.entities g ON g.id = o.target_entity_id
              UNION ALL
              SELECT n.relationship_type, (n.is_active AND s.is_active AND g.is_active)::int, n.updated_at
              FROM new_rows n
              JOIN backend_entities.entities s ON s.id = n.source_entity_id
              JOIN backend_entities.entities g ON g.id = n.target_entity_id) c
        GROUP BY c.type;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entities_count_on_insert AFTER INSERT ON backend_entities.entities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_entities.count_entity_changes();
CREATE TRIGGER entities_count_on_update AFTER UPDATE ON backend_entities.entities
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_entities.count_entity_changes();
CREATE TRIGGER entities_count_on_delete AFTER DELETE ON backend_entities.entities
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_entities.count_entity_changes();
CREATE TRIGGER entity_relationships_count_on_insert AFTER INSERT ON backend_entities.entity_relationships
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_entities.count_relationship_changes();
CREATE TRIGGER entity_relationships_count_on_update AFTER UPDATE ON backend_entities.entity_relationships
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_entities.count_relationship_changes();
CREATE TRIGGER entity_relationships_count_on_delete AFTER DELETE ON backend_entities.entity_relationships
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION backend_entities.count_relationship_changes();

-- Moves the pending deltas into graph_counts in one statement (concurrent folds are safe: a delta row is deleted,
-- and so added, once). Returns the number of delta rows folded.
CREATE FUNCTION backend_entities.fold_graph_counts() RETURNS bigint
    LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM backend_entities.graph_count_deltas RETURNING kind, type, delta, changed_at
    ),
    summed AS (
        SELECT kind, type, sum(delta)::bigint AS delta, max(changed_at) AS changed_at, count(*) AS rows FROM moved GROUP BY kind, type
    ),
    folded AS (  -- runs once whether or not it is read
        INSERT INTO backend_entities.graph_counts AS c (kind, type, count, changed_at)
        SELECT kind, type, delta, changed_at FROM summed
        ON CONFLICT (kind, type) DO UPDATE SET count = c.count + excluded.count, changed_at = greatest(c.changed_at, excluded.changed_at)
        RETURNING 1
    )
    SELECT coalesce(sum(rows), 0)::bigint FROM summed
$$;

-- Recounts from the tables (after a bulk load that bypassed the triggers, e.g. bench/sql/seed.sql as superuser).
-- Blocks writers of both tables while it runs.
CREATE FUNCTION backend_entities.recount_graph_counts() RETURNS void
    LANGUAGE sql AS $$
    LOCK TABLE backend_entities.entities, backend_entities.entity_relationships IN SHARE MODE;
    DELETE FROM backend_entities.graph_count_deltas;
    DELETE FROM backend_entities.graph_counts;
    INSERT INTO backend_entities.graph_counts (kind, type, count, changed_at)
    SELECT 'entity', e.type, count(*) FILTER (WHERE e.is_active), max(e.updated_at) FROM backend_entities.entities e GROUP BY e.type;
    INSERT INTO backend_entities.graph_counts (kind, type, count, changed_at)
    SELECT 'relationship', r.relationship_type, count(*) FILTER (WHERE r.is_active AND s.is_active AND g.is_active), max(r.updated_at)
    FROM backend_entities.entity_relationships r
    JOIN backend_entities.entities s ON s.id = r.source_entity_id
    JOIN backend_entities.entities g ON g.id = r.target_entity_id
    GROUP BY r.relationship_type;
$$;

SELECT backend_entities.recount_graph_counts();
