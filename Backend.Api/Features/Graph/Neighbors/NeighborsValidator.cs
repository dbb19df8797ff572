using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Graph.Neighbors;

internal sealed class NeighborsValidator : Validator<NeighborsRequest>
{
    public NeighborsValidator()
    {
        RuleFor(x => x.Depth).InclusiveBetween(1, 3).WithErrorCode("range");
        RuleFor(x => x.Limit).InclusiveBetween(1, NeighborsEndpoint.MaxNodes).WithErrorCode("range");
        RuleFor(x => x.RelationshipType).MaximumLength(100).WithErrorCode("length");
    }
}
