namespace Backend.Api.Features.Relationships.Delete;

internal sealed class DeleteRelationshipRequest
{
    public Guid Id { get; init; }
}
