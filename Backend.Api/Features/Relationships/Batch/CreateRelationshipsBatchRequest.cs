using System.ComponentModel.DataAnnotations;
using Backend.Api.Features.Graph;
using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Relationships.Batch;

internal sealed class CreateRelationshipsBatchRequest
{
    // Documents the validator's limit as maxItems.
    [MaxLength(CreateRelationshipsBatchValidator.MaxItems)]
    public IReadOnlyList<CreateRelationshipFields>? Relationships { get; init; }

    /// <summary><c>error</c> (default): a duplicate fails the batch with 409; <c>skip</c>: duplicates are left out.</summary>
    [QueryParam, BindFrom("on_conflict")]
    public string? OnConflict { get; init; }
}

internal sealed class CreateRelationshipsBatchValidator : Validator<CreateRelationshipsBatchRequest>
{
    public const int MaxItems = 1000;

    public CreateRelationshipsBatchValidator()
    {
        RuleFor(x => x.Relationships).NotEmpty().WithErrorCode("required")
            .Must(r => r is null || r.Count <= MaxItems).WithErrorCode("max_items").WithMessage($"must hold at most {MaxItems} items");
        RuleForEach(x => x.Relationships).SetValidator(new CreateRelationshipFieldsRules(GraphSettings.OfCurrentRequest))
            .When(x => x.Relationships is { Count: <= MaxItems });
        RuleFor(x => x.OnConflict).Must(o => o is null or "error" or "skip").WithErrorCode("allowed_values").WithMessage("must be error or skip");
    }
}
