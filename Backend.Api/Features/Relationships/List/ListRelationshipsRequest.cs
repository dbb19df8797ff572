using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Relationships.List;

internal sealed class ListRelationshipsRequest
{
    [QueryParam, BindFrom("source_entity_id")]
    public Guid? SourceEntityId { get; init; }

    [QueryParam, BindFrom("target_entity_id")]
    public Guid? TargetEntityId { get; init; }

    [QueryParam, BindFrom("relationship_type")]
    public string? RelationshipType { get; init; }

    [QueryParam, BindFrom("confidence_min")]
    public double? ConfidenceMin { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }

    [QueryParam, BindFrom("offset")]
    public int? Offset { get; init; }

    [QueryParam, BindFrom("cursor")]
    public string? Cursor { get; init; }

    [QueryParam, BindFrom("include_total")]
    public bool? IncludeTotal { get; init; }
}

internal sealed class ListRelationshipsValidator : Validator<ListRelationshipsRequest>
{
    public ListRelationshipsValidator()
    {
        RuleFor(x => x.RelationshipType).MaximumLength(100).WithErrorCode("length");
        RuleFor(x => x.ConfidenceMin).InclusiveBetween(0, 1).WithErrorCode("range");
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).WithErrorCode("range");
        RuleFor(x => x.Offset).InclusiveBetween(0, 100_000).WithErrorCode("range");
        RuleFor(x => x.Offset).Null().When(x => x.Cursor is not null).WithErrorCode("exclusive").WithMessage("cannot be combined with cursor");
    }
}
