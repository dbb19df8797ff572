using System.Globalization;
using Backend.Data.Audit;
using Backend.Data.Postgres;
using Backend.Data.Writes;
using Dapper;
using Npgsql;

namespace Backend.Data.Entities;

/// <summary>
/// Entities: create (one or a batch), read, list, replace, soft delete and restore; each change audited in its transaction.
/// The list (and search) tolerates replica lag and takes <paramref name="reads"/>; a get by id stays on the primary so a
/// client reading right after its write sees it (and its version for If-Match).
/// </summary>
public sealed class EntityRepository(NpgsqlDataSource dataSource, ReadDataSource reads, BatchWriteGate batchWrites)
{
    internal const string Columns = """
        e.id AS Id, e.name AS Name, e.type AS Type, e.description AS Description, e.confidence AS Confidence,
        e.source AS Source, e.source_type AS SourceType, e.metadata::text AS Metadata, e.version AS Version,
        e.is_active AS IsActive, e.created_by AS CreatedBy, e.created_at AS CreatedAt, e.updated_at AS UpdatedAt,
        e.deleted_at AS DeletedAt, e.deleted_by AS DeletedBy
        """;

    /// <summary>The insert's target and column list, shared by the single and the batch create.</summary>
    internal const string Insert =
        "INSERT INTO backend_entities.entities AS e (id, name, type, description, confidence, source, source_type, metadata, created_by, created_at, updated_at)";

    private const string TargetType = "entity";

    /// <summary>
    /// Inserts the entity and its <c>entity.create</c> audit row with one statement (one round trip, its own transaction);
    /// the capture trigger appends <c>entity.created</c> when it commits (sql/0021). Returns the stored row.
    /// </summary>
    public async Task<EntityRow> CreateAsync(Guid id, EntityValues values, AuditActor actor, DateTimeOffset now, CancellationToken ct)
    {
        var audit = AuditEvents.Event(actor, now, "entity.create", TargetType, id, "{}");
        await using var connection = await dataSource.OpenConnectionAsync(ct);

        // The audit row reads the inserted row, so it is written after it: both or neither, in one implicit transaction.
        return await connection.QuerySingleAsync<EntityRow>(new CommandDefinition(
            $"""
            WITH e AS (
                {Insert}
                VALUES (@Id, @Name, @Type, @Description, @Confidence, @Source, @SourceType, @Metadata, @CreatedBy, @Now, @Now)
                RETURNING {Columns}
            ), audit AS (
                {AuditEvents.InsertFromSql}
                SELECT @AuditId, @Now, @ActorId, 'entity.create', '{TargetType}', e.id, 'success', @Ip::inet, @UserAgent, @RequestId, @Details FROM e
            )
            SELECT * FROM e
            """,
            Parameters(values, new
            {
                Id = id,
                CreatedBy = actor.ActorId,
                Now = now,
                AuditId = audit.Id,
                audit.ActorId,
                audit.Ip,
                audit.UserAgent,
                audit.RequestId,
                Details = new JsonbParameter(audit.DetailsJson),
            }),
            cancellationToken: ct));
    }

    /// <summary>
    /// Inserts every entity and one <c>entity.create</c> audit row each (details <c>{"batch": true}</c>) with one statement
    /// in one transaction (all or nothing; one round trip, columns sent as arrays). Rows come back in the order of
    /// <paramref name="items"/>.
    /// </summary>
    public async Task<IReadOnlyList<EntityRow>> CreateBatchAsync(IReadOnlyList<(Guid Id, EntityValues Values)> items, AuditActor actor, DateTimeOffset now, CancellationToken ct)
    {
        var count = items.Count;
        var ids = new Guid[count];
        var auditIds = new Guid[count];
        var names = new string[count];
        var types = new string[count];
        var descriptions = new string?[count];
        var confidences = new double[count];
        var sources = new string?[count];
        var sourceTypes = new string[count];
        var metadatas = new string[count];
        var order = new Dictionary<Guid, int>(count);
        for (var i = 0; i < count; i++)
        {
            var (id, values) = items[i];
            ids[i] = id;
            auditIds[i] = Guid.CreateVersion7(now);
            names[i] = values.Name;
            types[i] = values.Type;
            descriptions[i] = values.Description;
            confidences[i] = values.Confidence;
            sources[i] = values.Source;
            sourceTypes[i] = values.SourceType;
            metadatas[i] = values.Metadata;
            order[id] = i;
        }

        // Actor, address, request id and details are the same for every row: sent once, not per row.
        var audit = AuditEvents.Event(actor, now, "entity.create", TargetType, null, "{\"batch\":true}");
        using var slot = await batchWrites.EnterAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<EntityRow>(new CommandDefinition(
            $"""
            WITH input AS (
                SELECT * FROM unnest(@Ids, @AuditIds, @Names, @Types, @Descriptions, @Confidences, @Sources, @SourceTypes, @Metadatas)
                    AS u(id, audit_id, name, type, description, confidence, source, source_type, metadata)
            ), e AS (
                {Insert}
                SELECT i.id, i.name, i.type, i.description, i.confidence, i.source, i.source_type, i.metadata::jsonb, @CreatedBy, @Now, @Now
                FROM input i
                RETURNING {Columns}
            ), audit AS (
                {AuditEvents.InsertFromSql}
                SELECT i.audit_id, @Now, @ActorId, 'entity.create', '{TargetType}', e.id, 'success', @Ip::inet, @UserAgent, @RequestId, @Details
                FROM e JOIN input i ON i.id = e.id
            )
            SELECT * FROM e
            """,
            new
            {
                Ids = ids,
                AuditIds = auditIds,
                Names = names,
                Types = types,
                Descriptions = descriptions,
                Confidences = confidences,
                Sources = sources,
                SourceTypes = sourceTypes,
                Metadatas = metadatas,
                CreatedBy = actor.ActorId,
                Now = now,
                audit.ActorId,
                audit.Ip,
                audit.UserAgent,
                audit.RequestId,
                Details = new JsonbParameter(audit.DetailsJson),
            },
            cancellationToken: ct))).AsList();
        var ordered = new EntityRow[rows.Count];
        foreach (var row in rows)
        {
            ordered[order[row.Id]] = row;
        }

        return ordered;
    }

    /// <summary>True when an active entity's metadata contains <paramref name="metadataJson"/> (jsonb <c>@&gt;</c>).</summary>
    public async Task<bool> AnyActiveWithMetadataAsync(string metadataJson, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM backend_entities.entities WHERE metadata @> @metadataJson AND is_active)",
            new { metadataJson = new JsonbParameter(metadataJson) }, cancellationToken: ct));
    }

    public async Task<EntityRow?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(GetSql, connection) { Parameters = { new NpgsqlParameter<Guid> { TypedValue = id } } };
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await EntityRowReader.ReadFirstOrDefaultAsync(reader, ct);
    }

    // The hottest statement: a positional parameter ($1) spares Npgsql rewriting named ones on every execution,
    // and a typed parameter spares boxing the id. PostgreSQL receives the same statement as with @id.
    private const string GetSql = $"SELECT {Columns} FROM backend_entities.entities e WHERE e.id = $1";

    public async Task<EntityPage> ListAsync(EntityListQuery query, CancellationToken ct)
    {
        var where = new SqlFilters(query.IncludeDeleted ? "TRUE" : "e.is_active");
        where.AddIf(query.Type, "e.type = @Type", "Type");
        where.AddIf(query.SourceType, "e.source_type = @SourceType", "SourceType");
        where.AddIf(query.ConfidenceMin, "e.confidence >= @ConfidenceMin", "ConfidenceMin");
        where.AddIf(query.ConfidenceMax, "e.confidence <= @ConfidenceMax", "ConfidenceMax");
        where.AddIf(query.CreatedBy, "e.created_by = @CreatedBy", "CreatedBy");
        where.AddIf(query.MetadataContains is null ? null : new JsonbParameter(query.MetadataContains), "e.metadata @> @Metadata", "Metadata");

        // Substring match (trigram-indexed ILIKE) or a fuzzy match; ranked by similarity.
        where.AddIf(query.Search is null ? null : "%" + EscapeLike(query.Search) + "%", "(e.name ILIKE @SearchPattern OR e.name % @Search)", "SearchPattern");
        var parameters = where.Parameters;
        if (query.Search is not null)
        {
            parameters.Add("Search", query.Search);
        }

        var filters = where.ToString();
        var direction = query.Descending ? "DESC" : "ASC";
        var column = query.Sort switch
        {
            EntitySort.Name => "e.name",
            EntitySort.Confidence => "e.confidence",
            _ => "e.created_at",
        };

        string order;
        var pageWhere = filters;
        if (query.RankBySearch)
        {
            order = "similarity(e.name, @Search) DESC, e.id ASC";
        }
        else
        {
            order = $"{column} {direction}, e.id {direction}";
            if (query.After is not null)
            {
                pageWhere += $" AND ({column}, e.id) {(query.Descending ? "<" : ">")} (@AfterValue, @AfterId)";
                parameters.Add("AfterValue", KeysetValue(query.Sort, query.After.SortValue));
                parameters.Add("AfterId", query.After.Id);
            }
        }

        parameters.Add("Limit", query.Limit + 1);
        parameters.Add("Offset", query.After is null ? query.Offset : 0);
        await using var connection = await reads.OpenConnectionAsync(ct);
        List<EntityRow> rows;
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"SELECT {Columns} FROM backend_entities.entities e WHERE {pageWhere} ORDER BY {order} LIMIT @Limit OFFSET @Offset",
            parameters,
            cancellationToken: ct)))
        {
            rows = await EntityRowReader.ReadAllAsync(reader, query.Limit + 1, ct);
        }

        long? total = query.IncludeTotal
            ? await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM backend_entities.entities e WHERE {filters}", parameters, cancellationToken: ct))
            : null;
        var hasMore = rows.Count > query.Limit;
        if (hasMore)
        {
            rows.RemoveAt(query.Limit);
        }

        return new EntityPage(rows, hasMore, total);
    }

    /// <summary>The value a keyset cursor stores for <paramref name="row"/> under <paramref name="sort"/>.</summary>
    public static string SortValue(EntitySort sort, EntityRow row) => sort switch
    {
        EntitySort.Name => row.Name,
        EntitySort.Confidence => row.Confidence.ToString("R", CultureInfo.InvariantCulture),
        _ => row.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>Replaces the writable fields when the row is active and at <paramref name="expectedVersion"/>.</summary>
    public async Task<WriteResult<EntityRow>> ReplaceAsync(
        Guid id, EntityValues values, int expectedVersion, IReadOnlyList<string> changedFields, AuditActor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<EntityRow>(new CommandDefinition(
            $"""
            UPDATE backend_entities.entities AS e
            SET name = @Name, type = @Type, description = @Description, confidence = @Confidence, source = @Source,
                source_type = @SourceType, metadata = @Metadata, version = e.version + 1, updated_at = greatest(@Now, e.created_at)
            WHERE e.id = @Id AND e.is_active AND e.version = @ExpectedVersion
            RETURNING {Columns}
            """,
            Parameters(values, new { Id = id, ExpectedVersion = expectedVersion, Now = now }),
            transaction,
            cancellationToken: ct));
        if (row is null)
        {
            return await MissOutcomeAsync(connection, transaction, id, ct);
        }

        await AuditEvents.InsertAsync(connection, transaction, AuditEvents.Event(actor, now, "entity.update", TargetType, id, ChangedJson(changedFields)), ct);
        await transaction.CommitAsync(ct);
        return WriteResult<EntityRow>.Done(row);
    }

    /// <summary>Soft-deletes an active entity at <paramref name="expectedVersion"/> (any version when null).</summary>
    public async Task<WriteResult<EntityRow>> SoftDeleteAsync(Guid id, int? expectedVersion, AuditActor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<EntityRow>(new CommandDefinition(
            $"""
            UPDATE backend_entities.entities AS e
            SET is_active = false, deleted_at = @Now, deleted_by = @ActorId, version = e.version + 1, updated_at = greatest(@Now, e.created_at)
            WHERE e.id = @Id AND e.is_active AND (@ExpectedVersion::int IS NULL OR e.version = @ExpectedVersion)
            RETURNING {Columns}
            """,
            new { Id = id, ExpectedVersion = expectedVersion, actor.ActorId, Now = now },
            transaction,
            cancellationToken: ct));
        if (row is null)
        {
            return await MissOutcomeAsync(connection, transaction, id, ct);
        }

        await AuditEvents.InsertAsync(connection, transaction, AuditEvents.Event(actor, now, "entity.delete", TargetType, id, "{}"), ct);
        await transaction.CommitAsync(ct);
        return WriteResult<EntityRow>.Done(row);
    }

    /// <summary>
    /// Brings a soft-deleted entity at <paramref name="expectedVersion"/> (any version when null) back; its relationships
    /// reappear with it. An active entity is returned unchanged.
    /// </summary>
    public async Task<WriteResult<EntityRow>> RestoreAsync(Guid id, int? expectedVersion, AuditActor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<EntityRow>(new CommandDefinition(
            $"""
            UPDATE backend_entities.entities AS e
            SET is_active = true, deleted_at = NULL, deleted_by = NULL, version = e.version + 1, updated_at = greatest(@Now, e.created_at)
            WHERE e.id = @Id AND NOT e.is_active AND (@ExpectedVersion::int IS NULL OR e.version = @ExpectedVersion)
            RETURNING {Columns}
            """,
            new { Id = id, ExpectedVersion = expectedVersion, Now = now },
            transaction,
            cancellationToken: ct));
        if (row is null)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<EntityRow>(new CommandDefinition(
                $"SELECT {Columns} FROM backend_entities.entities e WHERE e.id = @id", new { id }, transaction, cancellationToken: ct));
            return existing switch
            {
                null => WriteResult<EntityRow>.NotFound,
                { IsActive: false } => WriteResult<EntityRow>.VersionMismatch,
                _ => WriteResult<EntityRow>.Done(existing),
            };
        }

        await AuditEvents.InsertAsync(connection, transaction, AuditEvents.Event(actor, now, "entity.restore", TargetType, id, "{}"), ct);
        await transaction.CommitAsync(ct);
        return WriteResult<EntityRow>.Done(row);
    }

    private static async Task<WriteResult<EntityRow>> MissOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken ct)
    {
        var isActive = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            "SELECT is_active FROM backend_entities.entities WHERE id = @id", new { id }, transaction, cancellationToken: ct));
        return isActive == true ? WriteResult<EntityRow>.VersionMismatch : WriteResult<EntityRow>.NotFound;
    }

    private static DynamicParameters Parameters(EntityValues values, object extra)
    {
        var parameters = new DynamicParameters(extra);
        parameters.Add("Name", values.Name);
        parameters.Add("Type", values.Type);
        parameters.Add("Description", values.Description);
        parameters.Add("Confidence", values.Confidence);
        parameters.Add("Source", values.Source);
        parameters.Add("SourceType", values.SourceType);
        parameters.Add("Metadata", new JsonbParameter(values.Metadata));
        return parameters;
    }

    private static object KeysetValue(EntitySort sort, string value) => sort switch
    {
        EntitySort.Name => value,
        EntitySort.Confidence => double.Parse(value, CultureInfo.InvariantCulture),
        _ => DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
    };

    private static string ChangedJson(IReadOnlyList<string> fields) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>> { ["changed"] = fields });

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
