using Backend.Data.Audit;
using Backend.Data.Postgres;
using Backend.Data.Writes;
using Dapper;
using Npgsql;

namespace Backend.Data.Relationships;

/// <summary>
/// Relationships. Every read and write filters with <see cref="RelationshipVisibility.Predicate"/>, so a soft-deleted
/// entity's relationships disappear from reads, cannot be changed, and come back when it is restored. Each change is
/// audited in its transaction. Lists tolerate replica lag and take <paramref name="reads"/>; single-row reads stay on the
/// primary so a client reading right after its write sees it (and its version for If-Match).
/// </summary>
public sealed class RelationshipRepository(NpgsqlDataSource dataSource, ReadDataSource reads, BatchWriteGate batchWrites)
{
    internal const string Columns = """
        r.id AS Id, r.source_entity_id AS SourceEntityId, r.target_entity_id AS TargetEntityId, r.relationship_type AS RelationshipType,
        r.confidence AS Confidence, r.evidence AS Evidence, r.metadata::text AS Metadata, r.version AS Version, r.is_active AS IsActive,
        r.created_by AS CreatedBy, r.created_at AS CreatedAt, r.updated_at AS UpdatedAt, r.deleted_at AS DeletedAt, r.deleted_by AS DeletedBy
        """;

    private const string Visible = RelationshipVisibility.Predicate;

    private const string TargetType = "relationship";

    public async Task<RelationshipCreateResult> CreateAsync(Guid id, RelationshipValues values, AuditActor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RelationshipRow>(new CommandDefinition(
            $"""
            INSERT INTO backend_entities.entity_relationships AS r
                (id, source_entity_id, target_entity_id, relationship_type, confidence, evidence, metadata, created_by, created_at, updated_at)
            SELECT @Id, @SourceEntityId, @TargetEntityId, @RelationshipType, @Confidence, @Evidence, @Metadata, @CreatedBy, @Now, @Now
            WHERE EXISTS (SELECT 1 FROM backend_entities.entities WHERE id = @SourceEntityId AND is_active)
              AND EXISTS (SELECT 1 FROM backend_entities.entities WHERE id = @TargetEntityId AND is_active)
            ON CONFLICT (source_entity_id, target_entity_id, relationship_type) WHERE is_active DO NOTHING
            RETURNING {Columns}
            """,
            new
            {
                Id = id,
                values.SourceEntityId,
                values.TargetEntityId,
                values.RelationshipType,
                values.Confidence,
                values.Evidence,
                Metadata = new JsonbParameter(values.Metadata),
                CreatedBy = actor.ActorId,
                Now = now,
            },
            transaction,
            cancellationToken: ct));
        if (row is null)
        {
            var active = (await connection.QueryAsync<Guid>(new CommandDefinition(
                "SELECT id FROM backend_entities.entities WHERE id = ANY(@ids) AND is_active",
                new { ids = new[] { values.SourceEntityId, values.TargetEntityId } },
                transaction,
                cancellationToken: ct))).ToHashSet();
            var status = !active.Contains(values.SourceEntityId) ? RelationshipCreateStatus.SourceMissing
                : !active.Contains(values.TargetEntityId) ? RelationshipCreateStatus.TargetMissing
                : RelationshipCreateStatus.Duplicate;
            return new RelationshipCreateResult(status, null);
        }

        await AuditEvents.InsertAsync(connection, transaction, AuditEvents.Event(actor, now, "relationship.create", TargetType, id, "{}"), ct);
        await transaction.CommitAsync(ct);
        return new RelationshipCreateResult(RelationshipCreateStatus.Created, row);
    }

    /// <summary>
    /// All or nothing: items whose endpoints are unknown or deleted, or that duplicate an active relationship or an
    /// earlier item, fail the batch (by index) unless <paramref name="skipDuplicates"/> lets duplicates be skipped.
    /// </summary>
    public async Task<BatchRelationshipResult> CreateBatchAsync(
        IReadOnlyList<(Guid Id, RelationshipValues Values)> items, bool skipDuplicates, AuditActor actor, DateTimeOffset now, CancellationToken ct)
    {
        using var slot = await batchWrites.EnterAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var endpointIds = items.SelectMany(i => new[] { i.Values.SourceEntityId, i.Values.TargetEntityId }).Distinct().ToArray();
        var active = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM backend_entities.entities WHERE id = ANY(@endpointIds) AND is_active", new { endpointIds }, transaction, cancellationToken: ct))).ToHashSet();
        var missing = items
            .Select((item, index) => (index, item.Values))
            .Where(x => !active.Contains(x.Values.SourceEntityId) || !active.Contains(x.Values.TargetEntityId))
            .Select(x => (x.index, !active.Contains(x.Values.SourceEntityId) ? "source_entity_id names no active entity" : "target_entity_id names no active entity"))
            .ToList();
        if (missing.Count > 0)
        {
            return new BatchRelationshipResult([], 0, missing, []);
        }

        var existing = (await connection.QueryAsync<(Guid, Guid, string)>(new CommandDefinition(
            $"""
            SELECT r.source_entity_id, r.target_entity_id, r.relationship_type
            FROM backend_entities.entity_relationships r
            JOIN unnest(@Sources, @Targets, @Types) AS u(source, target, type)
              ON r.source_entity_id = u.source AND r.target_entity_id = u.target AND r.relationship_type = u.type
            WHERE {Visible}
            """,
            new
            {
                Sources = items.Select(i => i.Values.SourceEntityId).ToArray(),
                Targets = items.Select(i => i.Values.TargetEntityId).ToArray(),
                Types = items.Select(i => i.Values.RelationshipType).ToArray(),
            },
            transaction,
            cancellationToken: ct))).ToHashSet();
        var seen = new HashSet<(Guid, Guid, string)>();
        var duplicates = new List<(int Index, string Reason)>();
        var toInsert = new List<(Guid Id, RelationshipValues Values)>();
        for (var index = 0; index < items.Count; index++)
        {
            var v = items[index].Values;
            var key = (v.SourceEntityId, v.TargetEntityId, v.RelationshipType);
            if (existing.Contains(key))
            {
                duplicates.Add((index, "an active relationship with this source, target and type exists"));
            }
            else if (!seen.Add(key))
            {
                duplicates.Add((index, "repeats an earlier item of this batch"));
            }
            else
            {
                toInsert.Add(items[index]);
            }
        }

        if (duplicates.Count > 0 && !skipDuplicates)
        {
            return new BatchRelationshipResult([], 0, [], duplicates);
        }

        var rows = toInsert.Count == 0 ? [] : (await connection.QueryAsync<RelationshipRow>(new CommandDefinition(
            $"""
            INSERT INTO backend_entities.entity_relationships AS r
                (id, source_entity_id, target_entity_id, relationship_type, confidence, evidence, metadata, created_by, created_at, updated_at)
            SELECT u.id, u.source, u.target, u.type, u.confidence, u.evidence, u.metadata::jsonb, @CreatedBy, @Now, @Now
            FROM unnest(@Ids, @Sources, @Targets, @Types, @Confidences, @Evidences, @Metadatas)
                AS u(id, source, target, type, confidence, evidence, metadata)
            ON CONFLICT (source_entity_id, target_entity_id, relationship_type) WHERE is_active DO NOTHING
            RETURNING {Columns}
            """,
            new
            {
                Ids = toInsert.Select(i => i.Id).ToArray(),
                Sources = toInsert.Select(i => i.Values.SourceEntityId).ToArray(),
                Targets = toInsert.Select(i => i.Values.TargetEntityId).ToArray(),
                Types = toInsert.Select(i => i.Values.RelationshipType).ToArray(),
                Confidences = toInsert.Select(i => i.Values.Confidence).ToArray(),
                Evidences = toInsert.Select(i => i.Values.Evidence).ToArray(),
                Metadatas = toInsert.Select(i => i.Values.Metadata).ToArray(),
                CreatedBy = actor.ActorId,
                Now = now,
            },
            transaction,
            cancellationToken: ct))).ToList();
        if (rows.Count < toInsert.Count && !skipDuplicates)
        {
            // A concurrent request created some of these meanwhile.
            var inserted = rows.Select(r => r.Id).ToHashSet();
            return new BatchRelationshipResult([], 0, [], items
                .Select((item, index) => (item.Id, index))
                .Where(x => toInsert.Any(t => t.Id == x.Id) && !inserted.Contains(x.Id))
                .Select(x => (x.index, "an active relationship with this source, target and type was created concurrently"))
                .ToList());
        }

        await AuditEvents.InsertManyAsync(
            connection, transaction, rows.Select(r => AuditEvents.Event(actor, now, "relationship.create", TargetType, r.Id, "{\"batch\":true}")).ToList(), ct);
        await transaction.CommitAsync(ct);
        var order = items.Select((item, index) => (item.Id, index)).ToDictionary(x => x.Id, x => x.index);
        return new BatchRelationshipResult(rows.OrderBy(r => order[r.Id]).ToList(), items.Count - rows.Count, [], []);
    }

    /// <summary>A relationship that is active and whose two entities are active; null otherwise.</summary>
    public async Task<RelationshipRow?> GetVisibleAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RelationshipRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_entities.entity_relationships r WHERE r.id = @id AND {Visible}", new { id }, cancellationToken: ct));
    }

    /// <summary>The row whatever its state (for delete and ownership checks).</summary>
    public async Task<RelationshipRow?> GetAnyAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RelationshipRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_entities.entity_relationships r WHERE r.id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<RelationshipPage> ListAsync(RelationshipListQuery query, CancellationToken ct)
    {
        var where = new SqlFilters(Visible);
        where.AddIf(query.SourceEntityId, "r.source_entity_id = @Source", "Source");
        where.AddIf(query.TargetEntityId, "r.target_entity_id = @Target", "Target");
        where.AddIf(query.EntityId, query.Direction switch
        {
            RelationshipDirection.Outgoing => "r.source_entity_id = @EntityId",
            RelationshipDirection.Incoming => "r.target_entity_id = @EntityId",
            _ => "(r.source_entity_id = @EntityId OR r.target_entity_id = @EntityId)",
        }, "EntityId");
        where.AddIf(query.RelationshipType, "r.relationship_type = @Type", "Type");
        where.AddIf(query.ConfidenceMin, "r.confidence >= @ConfidenceMin", "ConfidenceMin");
        var parameters = where.Parameters;

        var filters = where.ToString();
        var pageWhere = filters;
        if (query.AfterCreatedAt is not null)
        {
            pageWhere += " AND (r.created_at, r.id) > (@AfterCreatedAt, @AfterId)";
            parameters.Add("AfterCreatedAt", query.AfterCreatedAt);
            parameters.Add("AfterId", query.AfterId);
        }

        parameters.Add("Limit", query.Limit + 1);
        parameters.Add("Offset", query.AfterCreatedAt is null ? query.Offset : 0);
        await using var connection = await reads.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<RelationshipRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_entities.entity_relationships r WHERE {pageWhere} ORDER BY r.created_at, r.id LIMIT @Limit OFFSET @Offset",
            parameters,
            cancellationToken: ct))).ToList();
        long? total = query.IncludeTotal
            ? await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM backend_entities.entity_relationships r WHERE {filters}", parameters, cancellationToken: ct))
            : null;
        var hasMore = rows.Count > query.Limit;
        return new RelationshipPage(hasMore ? rows[..query.Limit] : rows, hasMore, total);
    }

    /// <summary>Changes type, confidence, evidence and metadata when the row is visible and at <paramref name="expectedVersion"/>.</summary>
    public async Task<WriteResult<RelationshipRow>> UpdateAsync(
        Guid id, string relationshipType, double confidence, string? evidence, string metadata, int expectedVersion,
        IReadOnlyList<string> changedFields, AuditActor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        RelationshipRow? row;
        try
        {
            row = await connection.QuerySingleOrDefaultAsync<RelationshipRow>(new CommandDefinition(
                $"""
                UPDATE backend_entities.entity_relationships AS r
                SET relationship_type = @relationshipType, confidence = @confidence, evidence = @evidence, metadata = @Metadata,
                    version = r.version + 1, updated_at = greatest(@now, r.created_at)
                WHERE r.id = @id AND {Visible} AND r.version = @expectedVersion
                RETURNING {Columns}
                """,
                new { id, relationshipType, confidence, evidence, Metadata = new JsonbParameter(metadata), expectedVersion, now },
                transaction,
                cancellationToken: ct));
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == "entity_relationships_active_key")
        {
            return WriteResult<RelationshipRow>.Duplicate;
        }

        if (row is null)
        {
            return await MissOutcomeAsync(connection, transaction, id, ct);
        }

        await AuditEvents.InsertAsync(connection, transaction, AuditEvents.Event(actor, now, "relationship.update", TargetType, id,
            System.Text.Json.JsonSerializer.Serialize(new { changed = changedFields })), ct);
        await transaction.CommitAsync(ct);
        return WriteResult<RelationshipRow>.Done(row);
    }

    /// <summary>Soft-deletes a visible relationship at <paramref name="expectedVersion"/> (any version when null).</summary>
    public async Task<WriteResult<RelationshipRow>> SoftDeleteAsync(Guid id, int? expectedVersion, AuditActor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RelationshipRow>(new CommandDefinition(
            $"""
            UPDATE backend_entities.entity_relationships AS r
            SET is_active = false, deleted_at = @now, deleted_by = @ActorId, version = r.version + 1, updated_at = greatest(@now, r.created_at)
            WHERE r.id = @id AND {Visible} AND (@expectedVersion::int IS NULL OR r.version = @expectedVersion)
            RETURNING {Columns}
            """,
            new { id, expectedVersion, actor.ActorId, now },
            transaction,
            cancellationToken: ct));
        if (row is null)
        {
            return await MissOutcomeAsync(connection, transaction, id, ct);
        }

        await AuditEvents.InsertAsync(connection, transaction, AuditEvents.Event(actor, now, "relationship.delete", TargetType, id, "{}"), ct);
        await transaction.CommitAsync(ct);
        return WriteResult<RelationshipRow>.Done(row);
    }

    /// <summary>Why a guarded UPDATE matched no row: the relationship is visible (so its version moved on) or it is not.</summary>
    private static async Task<WriteResult<RelationshipRow>> MissOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken ct)
    {
        var visible = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM backend_entities.entity_relationships r WHERE r.id = @id AND {Visible})", new { id }, transaction, cancellationToken: ct));
        return visible ? WriteResult<RelationshipRow>.VersionMismatch : WriteResult<RelationshipRow>.NotFound;
    }
}
