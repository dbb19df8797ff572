-- 0023_create_graph_traversal_indexes
-- Why: a neighbourhood walk reads every active edge of each node it expands, in one direction or both, and
-- returns id, both ends, type, confidence and orders by created_at. With all of those in the index (keyed by the
-- walked end, then type so a relationship_type filter is an index condition) each expansion is an index-only
-- scan: no heap page per edge. They replace the (end, type) INCLUDE (other end) indexes of 0006, which they
-- cover (per-entity relationship listings use the leading column just the same).

CREATE INDEX entity_relationships_outgoing_idx ON backend_entities.entity_relationships
    (source_entity_id, relationship_type) INCLUDE (target_entity_id, id, confidence, created_at) WHERE is_active;
CREATE INDEX entity_relationships_incoming_idx ON backend_entities.entity_relationships
    (target_entity_id, relationship_type) INCLUDE (source_entity_id, id, confidence, created_at) WHERE is_active;

DROP INDEX backend_entities.entity_relationships_source_idx;
DROP INDEX backend_entities.entity_relationships_target_idx;
