using FastEndpoints;
using FluentValidation;

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

internal sealed class ListApiKeysValidator : Validator<ListApiKeysRequest>
{
    public ListApiKeysValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).WithErrorCode("range");
        RuleFor(x => x.Offset).InclusiveBetween(0, 100_000).WithErrorCode("range");
    }
}
