namespace Backend.Api.Features.Relationships.Create;

internal sealed class CreateRelationshipRequest : CreateRelationshipFields;
