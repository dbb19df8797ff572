namespace Backend.Api.Features.Entities.Restore;

internal sealed class RestoreEntityRequest
{
    public Guid Id { get; init; }
}
