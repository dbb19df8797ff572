using Backend.Data.Audit;
using Dapper;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>
/// Applies an AI result to the graph in one transaction: entities merged by canonical name and type (or created as
/// extracted), relationships upserted, provenance linked to the job's document, the job completed. Idempotent by job.
/// </summary>
public sealed class ExtractionRepository(NpgsqlDataSource dataSource)
{
    public const string ExtractionMethod = "ai_extraction";

    public async Task<ExtractionOutcome> ApplyResultAsync(ExtractionResult result, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var job = await connection.QuerySingleOrDefaultAsync<JobTarget>(new CommandDefinition(
            "SELECT document_id AS DocumentId, owner_id AS OwnerId, status AS Status FROM backend_ingest.jobs WHERE id = @JobId FOR UPDATE",
            new { result.JobId },
            transaction,
            cancellationToken: ct));
        if (job is null)
        {
            return new ExtractionOutcome(ExtractionStatus.UnknownJob, 0, 0, 0);
        }

        if (job.Status == JobRow.Completed)
        {
            return new ExtractionOutcome(ExtractionStatus.Duplicate, 0, 0, 0);
        }

        var entities = result.Entities;
        var names = entities.Select(e => e.Name).ToArray();
        var types = entities.Select(e => e.Type).ToArray();
        var confidences = entities.Select(e => e.Confidence).ToArray();

        // Extracted entities of one name and type from concurrent results must end as one entity: serialise on the key.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            SELECT pg_advisory_xact_lock(k.key)
            FROM (SELECT DISTINCT hashtextextended(u.type || ':' || backend_entities.canonical_name(u.name), 0) AS key
                  FROM unnest(@Names::text[], @Types::text[]) AS u(name, type) ORDER BY 1) k
            """,
            new { Names = names, Types = types },
            transaction,
            cancellationToken: ct));
        var created = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_entities.entities (id, name, type, confidence, source, source_type, extraction_method, created_by, created_at, updated_at)
            SELECT DISTINCT ON (i.type, i.canon) i.id, i.name, i.type, i.confidence, @Source, 'document', @Method, @OwnerId, @Now, @Now
            FROM (SELECT u.id, u.name, u.type, u.confidence, backend_entities.canonical_name(u.name) AS canon
                  FROM unnest(@Ids::uuid[], @Names::text[], @Types::text[], @Confidences::float8[]) AS u(id, name, type, confidence)) i
            WHERE NOT EXISTS (
                SELECT 1 FROM backend_entities.entities e
                WHERE e.is_active AND e.type = i.type AND backend_entities.canonical_name(e.name) = i.canon)
            ORDER BY i.type, i.canon, i.confidence DESC
            """,
            new
            {
                Ids = entities.Select(_ => Guid.CreateVersion7(now)).ToArray(),
                Names = names,
                Types = types,
                Confidences = confidences,
                Source = $"/api/v1/documents/{job.DocumentId}",
                Method = ExtractionMethod,
                job.OwnerId,
                Now = now,
            },
            transaction,
            cancellationToken: ct));
        var resolved = (await connection.QueryAsync<ResolvedEntity>(new CommandDefinition(
            """
            SELECT u.ord AS Ordinal, m.id AS EntityId
            FROM unnest(@Names::text[], @Types::text[]) WITH ORDINALITY AS u(name, type, ord)
            CROSS JOIN LATERAL (
                SELECT e.id FROM backend_entities.entities e
                WHERE e.is_active AND e.type = u.type AND backend_entities.canonical_name(e.name) = backend_entities.canonical_name(u.name)
                ORDER BY e.created_at, e.id
                LIMIT 1) m
            """,
            new { Names = names, Types = types },
            transaction,
            cancellationToken: ct))).ToDictionary(r => (int)r.Ordinal - 1, r => r.EntityId);
        var byLocalId = new Dictionary<string, Guid>(StringComparer.Ordinal);
        for (var i = 0; i < entities.Count; i++)
        {
            byLocalId.TryAdd(entities[i].LocalId, resolved[i]);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_ingest.entity_mentions (document_id, entity_id, job_id, mention_text, confidence, created_at)
            SELECT DISTINCT ON (u.entity_id) @DocumentId, u.entity_id, @JobId, u.text, u.confidence, @Now
            FROM unnest(@EntityIds::uuid[], @Texts::text[], @Confidences::float8[]) AS u(entity_id, text, confidence)
            ORDER BY u.entity_id, u.confidence DESC
            ON CONFLICT (document_id, entity_id) DO NOTHING
            """,
            new
            {
                job.DocumentId,
                result.JobId,
                EntityIds = Enumerable.Range(0, entities.Count).Select(i => resolved[i]).ToArray(),
                Texts = names,
                Confidences = confidences,
                Now = now,
            },
            transaction,
            cancellationToken: ct));

        // Two extracted entities can merge into one; an edge between them would point at itself, which the graph refuses.
        var edges = result.Relationships
            .Select(r => (Source: byLocalId[r.SourceLocalId], Target: byLocalId[r.TargetLocalId], r.Type, r.Confidence))
            .Where(r => r.Source != r.Target)
            .ToList();
        var relationshipIds = await UpsertRelationshipsAsync(connection, transaction, edges, job, result.JobId, now, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_ingest.relationship_mentions (document_id, relationship_id, job_id, confidence, created_at)
            SELECT DISTINCT ON (u.relationship_id) @DocumentId, u.relationship_id, @JobId, u.confidence, @Now
            FROM unnest(@RelationshipIds::uuid[], @Confidences::float8[]) AS u(relationship_id, confidence)
            ORDER BY u.relationship_id, u.confidence DESC
            ON CONFLICT (document_id, relationship_id) DO NOTHING
            """,
            new
            {
                job.DocumentId,
                result.JobId,
                RelationshipIds = relationshipIds.Select(r => r.Id).ToArray(),
                Confidences = relationshipIds.Select(r => r.Confidence).ToArray(),
                Now = now,
            },
            transaction,
            cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_ingest.jobs
            SET status = 'completed', completed_at = @Now, updated_at = greatest(@Now, created_at), next_attempt_at = NULL,
                entities_extracted = @EntitiesExtracted, relationships_found = @RelationshipsFound, processing_seconds = @ProcessingSeconds
            WHERE id = @JobId
            """,
            new { result.JobId, Now = now, result.EntitiesExtracted, result.RelationshipsFound, result.ProcessingSeconds },
            transaction,
            cancellationToken: ct));
        var merged = resolved.Values.Distinct().Count() - created;
        await AuditEvents.InsertAsync(connection, transaction, new AuditEvent(
            Guid.CreateVersion7(now), now, job.OwnerId, "extraction.apply", "job", result.JobId, "success", null, null, null,
            $$"""{"document_id":"{{job.DocumentId}}","entities_created":{{created}},"entities_merged":{{merged}},"relationships":{{relationshipIds.Count}}}"""), ct);
        await transaction.CommitAsync(ct);
        return new ExtractionOutcome(ExtractionStatus.Applied, created, merged, relationshipIds.Count);
    }

    private static async Task<List<(Guid Id, double Confidence)>> UpsertRelationshipsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(Guid Source, Guid Target, string Type, double Confidence)> edges,
        JobTarget job, Guid jobId, DateTimeOffset now, CancellationToken ct)
    {
        if (edges.Count == 0)
        {
            return [];
        }

        var parameters = new
        {
            Ids = edges.Select(_ => Guid.CreateVersion7(now)).ToArray(),
            Sources = edges.Select(e => e.Source).ToArray(),
            Targets = edges.Select(e => e.Target).ToArray(),
            Types = edges.Select(e => e.Type).ToArray(),
            Confidences = edges.Select(e => e.Confidence).ToArray(),
            Metadata = $$"""{"source_type":"document","extraction_method":"{{ExtractionMethod}}","document_id":"{{job.DocumentId}}","job_id":"{{jobId}}"}""",
            job.OwnerId,
            Now = now,
        };

        // Sorted inserts: two results touching the same edges take their locks in the same order (no deadlock).
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_entities.entity_relationships
                (id, source_entity_id, target_entity_id, relationship_type, confidence, metadata, created_by, created_at, updated_at)
            SELECT DISTINCT ON (u.source, u.target, u.type) u.id, u.source, u.target, u.type, u.confidence, @Metadata::jsonb, @OwnerId, @Now, @Now
            FROM unnest(@Ids::uuid[], @Sources::uuid[], @Targets::uuid[], @Types::text[], @Confidences::float8[]) AS u(id, source, target, type, confidence)
            ORDER BY u.source, u.target, u.type, u.confidence DESC
            ON CONFLICT (source_entity_id, target_entity_id, relationship_type) WHERE is_active DO NOTHING
            """,
            parameters,
            transaction,
            cancellationToken: ct));
        return (await connection.QueryAsync<(Guid, double)>(new CommandDefinition(
            """
            SELECT r.id, u.confidence
            FROM unnest(@Sources::uuid[], @Targets::uuid[], @Types::text[], @Confidences::float8[]) AS u(source, target, type, confidence)
            JOIN backend_entities.entity_relationships r
              ON r.is_active AND r.source_entity_id = u.source AND r.target_entity_id = u.target AND r.relationship_type = u.type
            """,
            parameters,
            transaction,
            cancellationToken: ct))).ToList();
    }

    private sealed record JobTarget(Guid DocumentId, Guid OwnerId, string Status);

    private sealed record ResolvedEntity(long Ordinal, Guid EntityId);
}
