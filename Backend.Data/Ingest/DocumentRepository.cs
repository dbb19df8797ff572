using Dapper;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>Documents: submit (document, job and job message in one transaction), read and list.</summary>
public sealed class DocumentRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        d.id AS Id, d.owner_id AS OwnerId, d.title AS Title, d.document_type AS DocumentType, d.source_url AS SourceUrl,
        d.content_bytes AS ContentBytes, d.created_at AS CreatedAt, j.id AS JobId, j.status AS JobStatus
        """;

    /// <summary>Stores the document, its job and the job message for the outbox relay: all three or none.</summary>
    public async Task<(DocumentRow Document, JobRow Job)> SubmitAsync(NewDocument document, NewJob job, OutboxMessage message, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_ingest.documents (id, owner_id, title, document_type, source_url, content, content_bytes, created_at)
            VALUES (@Id, @OwnerId, @Title, @DocumentType, @SourceUrl, @Content, @ContentBytes, @Now)
            """,
            new { document.Id, document.OwnerId, document.Title, document.DocumentType, document.SourceUrl, document.Content, document.ContentBytes, Now = now },
            transaction,
            cancellationToken: ct));
        var jobRow = await connection.QuerySingleAsync<JobRow>(new CommandDefinition(
            $"""
            INSERT INTO backend_ingest.jobs AS j (id, document_id, owner_id, priority, config, correlation_id, max_retries, created_at, updated_at)
            VALUES (@Id, @DocumentId, @OwnerId, @Priority, @Config::jsonb, @CorrelationId, @MaxRetries, @Now, @Now)
            RETURNING {JobColumns.List}
            """,
            new { job.Id, DocumentId = document.Id, document.OwnerId, job.Priority, Config = job.ConfigJson, job.CorrelationId, job.MaxRetries, Now = now },
            transaction,
            cancellationToken: ct));
        await OutboxWriter.InsertAsync(connection, transaction, message, now, ct);
        await transaction.CommitAsync(ct);
        var row = new DocumentRow(document.Id, document.OwnerId, document.Title, document.DocumentType, document.SourceUrl, document.ContentBytes,
            jobRow.CreatedAt, jobRow.Id, jobRow.Status);
        return (row, jobRow);
    }

    /// <summary>The document and its (latest) job, without content.</summary>
    public async Task<DocumentRow?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition(
            $"""
            SELECT {Columns}
            FROM backend_ingest.documents d
            JOIN LATERAL (SELECT id, status FROM backend_ingest.jobs WHERE document_id = d.id ORDER BY created_at DESC, id DESC LIMIT 1) j ON true
            WHERE d.id = @id
            """,
            new { id },
            cancellationToken: ct));
    }

    public async Task<string?> GetContentAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT content FROM backend_ingest.documents WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Newest first, keyset-paged by (created_at, id).</summary>
    public async Task<DocumentPage> ListAsync(DocumentListQuery query, CancellationToken ct)
    {
        var where = new List<string> { "TRUE" };
        if (query.OwnerId is not null)
        {
            where.Add("d.owner_id = @OwnerId");
        }

        if (query.DocumentType is not null)
        {
            where.Add("d.document_type = @DocumentType");
        }

        if (query.Status is not null)
        {
            where.Add("j.status = @Status");
        }

        if (query.CreatedAfter is not null)
        {
            where.Add("d.created_at >= @CreatedAfter");
        }

        if (query.CreatedBefore is not null)
        {
            where.Add("d.created_at < @CreatedBefore");
        }

        if (query.After is not null)
        {
            where.Add("(d.created_at, d.id) < (@AfterCreatedAt, @AfterId)");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<DocumentRow>(new CommandDefinition(
            $"""
            SELECT {Columns}
            FROM backend_ingest.documents d
            JOIN LATERAL (SELECT id, status FROM backend_ingest.jobs WHERE document_id = d.id ORDER BY created_at DESC, id DESC LIMIT 1) j ON true
            WHERE {string.Join(" AND ", where)}
            ORDER BY d.created_at DESC, d.id DESC
            LIMIT @Limit
            """,
            new
            {
                query.OwnerId,
                query.DocumentType,
                query.Status,
                query.CreatedAfter,
                query.CreatedBefore,
                AfterCreatedAt = query.After?.CreatedAt,
                AfterId = query.After?.Id,
                Limit = query.Limit + 1,
            },
            cancellationToken: ct))).ToList();
        var hasMore = rows.Count > query.Limit;
        return new DocumentPage(hasMore ? rows[..query.Limit] : rows, hasMore);
    }
}
