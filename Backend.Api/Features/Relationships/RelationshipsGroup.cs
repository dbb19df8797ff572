using FastEndpoints;

namespace Backend.Api.Features.Relationships;

internal sealed class RelationshipsGroup : Group
{
    public RelationshipsGroup() => Configure("relationships", endpoint => endpoint.Description(b => b.WithTags("Relationships")));
}
