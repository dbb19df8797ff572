using Backend.Api.Features.Graph;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Replace;

/// <summary>PUT: every writable field; what is left out is reset to its default.</summary>
internal sealed class ReplaceEntityRequest : EntityFieldsRequest
{
    [RouteParam]
    public Guid Id { get; init; }
}

internal sealed class ReplaceEntityValidator : Validator<ReplaceEntityRequest>
{
    public ReplaceEntityValidator() => Include(new EntityFieldsRules(GraphSettings.OfCurrentRequest));
}
