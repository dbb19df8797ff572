using System.ComponentModel.DataAnnotations;
using Backend.Api.Features.Entities.Create;

namespace Backend.Api.Features.Entities.Batch;

internal sealed class CreateEntitiesBatchRequest
{
    // Documents the validator's limit as maxItems.
    [MaxLength(CreateEntitiesBatchValidator.MaxItems)]
    public IReadOnlyList<CreateEntityRequest>? Entities { get; init; }
}
