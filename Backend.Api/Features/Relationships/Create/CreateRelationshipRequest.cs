using Backend.Api.Features.Graph;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.Create;

internal sealed class CreateRelationshipRequest : CreateRelationshipFields;

internal sealed class CreateRelationshipValidator : Validator<CreateRelationshipRequest>
{
    public CreateRelationshipValidator() => Include(new CreateRelationshipFieldsRules(GraphSettings.OfCurrentRequest));
}
