using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Graph.Subgraph;

internal sealed class SubgraphRequest
{
    public IReadOnlyList<Guid>? Ids { get; init; }
}

internal sealed class SubgraphValidator : Validator<SubgraphRequest>
{
    public SubgraphValidator() =>
        RuleFor(x => x.Ids).NotEmpty().WithErrorCode("required")
            .Must(ids => ids is null || ids.Count <= SubgraphEndpoint.MaxIds).WithErrorCode("max_items").WithMessage($"must hold at most {SubgraphEndpoint.MaxIds} ids");
}
