using System.ComponentModel.DataAnnotations;
using FastEndpoints;

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
