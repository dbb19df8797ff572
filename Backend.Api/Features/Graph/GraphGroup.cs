using FastEndpoints;

namespace Backend.Api.Features.Graph;

internal sealed class GraphGroup : Group
{
    public GraphGroup() => Configure("graph", endpoint => endpoint.Description(b => b.WithTags("Graph")));
}
