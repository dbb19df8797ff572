namespace Backend.Api.Features.Entities.Create;

internal sealed class CreateEntityRequest : EntityFieldsRequest;
