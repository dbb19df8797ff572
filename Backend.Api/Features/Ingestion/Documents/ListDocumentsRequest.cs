using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Documents;

internal sealed class ListDocumentsRequest
{
    /// <summary>The job status: queued, dispatched, completed, failed or dead.</summary>
    [QueryParam, BindFrom("status")]
    public string? Status { get; init; }

    [QueryParam, BindFrom("document_type")]
    public string? DocumentType { get; init; }

    /// <summary><c>me</c> (default), or for moderators and admins a user id or <c>all</c>.</summary>
    [QueryParam, BindFrom("owner")]
    public string? Owner { get; init; }

    [QueryParam, BindFrom("created_after")]
    public DateTimeOffset? CreatedAfter { get; init; }

    [QueryParam, BindFrom("created_before")]
    public DateTimeOffset? CreatedBefore { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    /// <summary>The <c>next_cursor</c> of the previous page.</summary>
    [QueryParam, BindFrom("cursor")]
    public string? Cursor { get; init; }
}
