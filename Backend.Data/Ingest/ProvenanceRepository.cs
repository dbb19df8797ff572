using Dapper;
using Npgsql;

namespace Backend.Data.Ingest;

/// <summary>Provenance reads: which documents mention an entity or a relationship.</summary>
public sealed class ProvenanceRepository(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT d.id AS DocumentId, d.owner_id AS OwnerId, d.title AS Title, d.document_type AS DocumentType, d.source_url AS SourceUrl,
               m.job_id AS JobId, {0} AS MentionText, m.confidence AS Confidence, m.created_at AS CreatedAt
        """;

    /// <summary>The documents an entity was found in, oldest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<EntityMentionRow>> ListEntityDocumentsAsync(Guid entityId, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<EntityMentionRow>(new CommandDefinition(
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Select, "m.mention_text") + """

            FROM backend_ingest.entity_mentions m
            JOIN backend_ingest.documents d ON d.id = m.document_id
            WHERE m.entity_id = @entityId
            ORDER BY m.created_at, m.document_id
            LIMIT @limit
            """,
            new { entityId, limit },
            cancellationToken: ct))).ToList();
    }

    /// <summary>The documents a relationship was found in, oldest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<EntityMentionRow>> ListRelationshipDocumentsAsync(Guid relationshipId, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<EntityMentionRow>(new CommandDefinition(
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Select, "''") + """

            FROM backend_ingest.relationship_mentions m
            JOIN backend_ingest.documents d ON d.id = m.document_id
            WHERE m.relationship_id = @relationshipId
            ORDER BY m.created_at, m.document_id
            LIMIT @limit
            """,
            new { relationshipId, limit },
            cancellationToken: ct))).ToList();
    }

    /// <summary>The entities found in a document with the ids the graph gave them.</summary>
    public async Task<IReadOnlyList<(Guid EntityId, string MentionText, double Confidence)>> ListDocumentEntitiesAsync(Guid documentId, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(Guid, string, double)>(new CommandDefinition(
            """
            SELECT entity_id, mention_text, confidence FROM backend_ingest.entity_mentions
            WHERE document_id = @documentId ORDER BY entity_id LIMIT @limit
            """,
            new { documentId, limit },
            cancellationToken: ct))).ToList();
    }
}
