using FastEndpoints;

namespace Backend.Api.Features.Entities;

/// <summary>Route prefix and tag of the entity slice; every endpoint needs an authenticated caller.</summary>
internal sealed class EntitiesGroup : Group
{
    public EntitiesGroup() => Configure("entities", endpoint => endpoint.Description(b => b.WithTags("Entities")));
}
