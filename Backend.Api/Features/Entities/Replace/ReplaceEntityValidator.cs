using Backend.Api.Features.Graph;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Replace;

internal sealed class ReplaceEntityValidator : Validator<ReplaceEntityRequest>
{
    public ReplaceEntityValidator() => Include(new EntityFieldsRules(GraphSettings.OfCurrentRequest));
}
