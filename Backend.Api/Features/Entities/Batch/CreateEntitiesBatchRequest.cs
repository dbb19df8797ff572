using System.ComponentModel.DataAnnotations;
using Backend.Api.Features.Entities.Create;
using Backend.Api.Features.Graph;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Entities.Batch;

internal sealed class CreateEntitiesBatchRequest
{
    // Documents the validator's limit as maxItems.
    [MaxLength(CreateEntitiesBatchValidator.MaxItems)]
    public IReadOnlyList<CreateEntityRequest>? Entities { get; init; }
}

internal sealed class CreateEntitiesBatchValidator : Validator<CreateEntitiesBatchRequest>
{
    public const int MaxItems = 1000;

    public CreateEntitiesBatchValidator()
    {
        RuleFor(x => x.Entities).NotEmpty().WithErrorCode("required")
            .Must(e => e is null || e.Count <= MaxItems).WithErrorCode("max_items").WithMessage($"must hold at most {MaxItems} items");
        RuleForEach(x => x.Entities).SetValidator(new EntityFieldsRules(GraphSettings.OfCurrentRequest))
            .When(x => x.Entities is { Count: <= MaxItems });
    }
}
