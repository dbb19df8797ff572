using Backend.Api.Features.Relationships;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Graph.Neighbors;

internal sealed class NeighborsRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    [QueryParam, BindFrom("depth")]
    public int? Depth { get; init; }

    [QueryParam, BindFrom("direction")]
    public EdgeDirection? Direction { get; init; }

    [QueryParam, BindFrom("relationship_type")]
    public string? RelationshipType { get; init; }

    /// <summary>The most nodes to return (1–500, default 100), the start included.</summary>
    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }
}

internal sealed class NeighborsValidator : Validator<NeighborsRequest>
{
    public NeighborsValidator()
    {
        RuleFor(x => x.Depth).InclusiveBetween(1, 3).WithErrorCode("range");
        RuleFor(x => x.Limit).InclusiveBetween(1, NeighborsEndpoint.MaxNodes).WithErrorCode("range");
        RuleFor(x => x.RelationshipType).MaximumLength(100).WithErrorCode("length");
    }
}
