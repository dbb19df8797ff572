using Backend.Api.Features.Entities.Create;

namespace Backend.Api.Features.Entities.Batch;

internal sealed class CreateEntitiesBatchRequest
{
    public IReadOnlyList<CreateEntityRequest>? Entities { get; init; }
}
