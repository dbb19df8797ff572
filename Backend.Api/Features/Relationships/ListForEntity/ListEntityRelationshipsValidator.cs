using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Relationships.ListForEntity;

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
