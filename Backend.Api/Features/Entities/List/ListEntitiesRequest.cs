using FastEndpoints;

namespace Backend.Api.Features.Entities.List;

internal sealed class ListEntitiesRequest
{
    [QueryParam, BindFrom("type")]
    public string? Type { get; init; }

    [QueryParam, BindFrom("source_type")]
    public string? SourceType { get; init; }

    /// <summary>Name search, ranked by similarity unless a sort is given.</summary>
    [QueryParam, BindFrom("q")]
    public string? Q { get; init; }

    [QueryParam, BindFrom("confidence_min")]
    public double? ConfidenceMin { get; init; }

    [QueryParam, BindFrom("confidence_max")]
    public double? ConfidenceMax { get; init; }

    /// <summary>A JSON object the metadata must contain, e.g. {"country":"DE"}.</summary>
    [QueryParam, BindFrom("metadata")]
    public string? Metadata { get; init; }

    /// <summary>A user id, or <c>me</c>.</summary>
    [QueryParam, BindFrom("created_by")]
    public string? CreatedBy { get; init; }

    [QueryParam, BindFrom("include_deleted")]
    public bool? IncludeDeleted { get; init; }

    /// <summary><c>name</c>, <c>created_at</c> or <c>confidence</c>; a leading <c>-</c> sorts descending. Default <c>-created_at</c>.</summary>
    [QueryParam, BindFrom("sort")]
    public string? Sort { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    [QueryParam, BindFrom("offset")]
    public int? Offset { get; init; }

    /// <summary>The <c>next_cursor</c> of the previous page (keyset paging).</summary>
    [QueryParam, BindFrom("cursor")]
    public string? Cursor { get; init; }

    [QueryParam, BindFrom("include_total")]
    public bool? IncludeTotal { get; init; }
}
