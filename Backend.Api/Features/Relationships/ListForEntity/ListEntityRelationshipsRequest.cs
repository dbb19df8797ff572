using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Relationships.ListForEntity;

internal sealed class ListEntityRelationshipsRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    [QueryParam, BindFrom("direction")]
    public EdgeDirection? Direction { get; init; }

    [QueryParam, BindFrom("relationship_type")]
    public string? RelationshipType { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    [QueryParam, BindFrom("offset")]
    public int? Offset { get; init; }

    [QueryParam, BindFrom("cursor")]
    public string? Cursor { get; init; }

    [QueryParam, BindFrom("include_total")]
    public bool? IncludeTotal { get; init; }
}

internal sealed class ListEntityRelationshipsValidator : Validator<ListEntityRelationshipsRequest>
{
    public ListEntityRelationshipsValidator()
    {
        RuleFor(x => x.RelationshipType).MaximumLength(100).WithErrorCode("length");
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).WithErrorCode("range");
        RuleFor(x => x.Offset).InclusiveBetween(0, 100_000).WithErrorCode("range");
        RuleFor(x => x.Offset).Null().When(x => x.Cursor is not null).WithErrorCode("exclusive").WithMessage("cannot be combined with cursor");
    }
}
