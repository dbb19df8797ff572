using Backend.Api.Features.Graph;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Create;

internal sealed class CreateEntityRequest : EntityFieldsRequest;

internal sealed class CreateEntityValidator : Validator<CreateEntityRequest>
{
    public CreateEntityValidator() => Include(new EntityFieldsRules(GraphSettings.OfCurrentRequest));
}
