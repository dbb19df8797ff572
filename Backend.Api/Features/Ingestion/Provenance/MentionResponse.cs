using Backend.Data.Ingest;

namespace Backend.Api.Features.Ingestion.Provenance;

/// <summary>A document in which an entity or relationship was found. Title and source_url only for the document's owner and moderators.</summary>
internal sealed record MentionResponse(
    Guid DocumentId,
    string DocumentType,
    string? Title,
    string? SourceUrl,
    Guid JobId,
    string? MentionText,
    double Confidence,
    DateTimeOffset FoundAt)
{
    public static MentionResponse From(EntityMentionRow row, bool canSeeDocument) => new(
        row.DocumentId,
        row.DocumentType,
        canSeeDocument ? row.Title : null,
        canSeeDocument ? row.SourceUrl : null,
        row.JobId,
        row.MentionText.Length == 0 ? null : row.MentionText,
        row.Confidence,
        JobResponse.Utc(row.CreatedAt));
}
