namespace Backend.Api.Features.Entities.Delete;

internal sealed class DeleteEntityRequest
{
    public Guid Id { get; init; }
}
