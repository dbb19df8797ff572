using System.Text.Json.Serialization;
using Backend.Data.Ingest;

namespace Backend.Api.Features.Ingestion;

/// <summary>A document; <see cref="Content"/> only in <c>GET /documents/{id}</c>, listings carry <see cref="ContentBytes"/>.</summary>
internal sealed record DocumentResponse(
    Guid Id,
    Guid OwnerId,
    string? Title,
    string DocumentType,
    string? SourceUrl,
    int ContentBytes,
    Guid JobId,
    string Status,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content = null)
{
    public static DocumentResponse From(DocumentRow row, string? content = null) => new(
        row.Id, row.OwnerId, row.Title, row.DocumentType, row.SourceUrl, row.ContentBytes, row.JobId, row.JobStatus, JobResponse.Utc(row.CreatedAt), content);
}
