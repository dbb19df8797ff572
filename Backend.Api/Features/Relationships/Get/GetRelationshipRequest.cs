namespace Backend.Api.Features.Relationships.Get;

internal sealed class GetRelationshipRequest
{
    public Guid Id { get; init; }
}
