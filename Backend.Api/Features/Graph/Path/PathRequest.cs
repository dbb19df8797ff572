using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Graph.Path;

internal sealed class PathRequest
{
    [QueryParam, BindFrom("from")]
    public Guid? From { get; init; }

    [QueryParam, BindFrom("to")]
    public Guid? To { get; init; }

    [QueryParam, BindFrom("max_depth")]
    public int? MaxDepth { get; init; }
}

internal sealed class PathValidator : Validator<PathRequest>
{
    public PathValidator()
    {
        RuleFor(x => x.From).NotEmpty().WithErrorCode("required");
        RuleFor(x => x.To).NotEmpty().WithErrorCode("required");
        RuleFor(x => x.MaxDepth).InclusiveBetween(1, 6).WithErrorCode("range");
    }
}
