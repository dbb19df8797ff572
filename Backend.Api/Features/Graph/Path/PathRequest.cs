using FastEndpoints;

namespace Backend.Api.Features.Graph.Path;

internal sealed class PathRequest
{
    [QueryParam, BindFrom("from")]
    public Guid? From { get; init; }

    [QueryParam, BindFrom("to")]
    public Guid? To { get; init; }

    [QueryParam, BindFrom("max_depth")]
    public int? MaxDepth { get; init; }
}
