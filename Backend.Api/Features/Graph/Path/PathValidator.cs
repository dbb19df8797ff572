using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Graph.Path;

internal sealed class PathValidator : Validator<PathRequest>
{
    public PathValidator()
    {
        RuleFor(x => x.From).NotEmpty().WithErrorCode("required");
        RuleFor(x => x.To).NotEmpty().WithErrorCode("required");
        RuleFor(x => x.MaxDepth).InclusiveBetween(1, 6).WithErrorCode("range");
    }
}
