namespace Backend.Api.Features.Entities.Get;

internal sealed class GetEntityRequest
{
    public Guid Id { get; init; }
}
