using FastEndpoints;

namespace Backend.Api.Features.Admin.ApiKeys.List;

internal sealed class ListApiKeysRequest
{
    [QueryParam, BindFrom("include_revoked")]
    public bool? IncludeRevoked { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    [QueryParam, BindFrom("offset")]
    public int? Offset { get; init; }
}
