using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Graph;
using FastEndpoints;

namespace Backend.Api.Features.Graph.Path;

/// <summary>The shortest path between two entities (relationships walked in either direction), 404 when none within max_depth.</summary>
internal sealed class PathEndpoint(GraphRepository graph) : Endpoint<PathRequest, Envelope<PathResponse>>
{
    public const int MaxVisited = 10_000;
    private const int DefaultDepth = 4;

    public override void Configure()
    {
        Get("path");
        Group<GraphGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Shortest path between two entities";
            s.Description = $"Breadth-first, max_depth 1–6 (default {DefaultDepth}); at most {MaxVisited} entities are visited, after which the search gives up with 404 (detail says so).";
        });
    }

    public override async Task HandleAsync(PathRequest req, CancellationToken ct) => await Send.ResultAsync(await OutcomeAsync(req, ct));

    private async Task<IResult> OutcomeAsync(PathRequest req, CancellationToken ct)
    {
        var from = req.From!.Value;
        var to = req.To!.Value;
        var ends = await graph.NodesAsync([from, to], ct);
        if (ends.Count < (from == to ? 1 : 2))
        {
            return ProblemResult.Of(HttpContext, 404, "from or to names no active entity.");
        }

        if (from == to)
        {
            return Answer(new PathResponse([GraphNodeResponse.From(ends[0])], [], 0));
        }

        var (path, edges, truncated) = await graph.ShortestPathAsync(from, to, req.MaxDepth ?? DefaultDepth, MaxVisited, ct);
        if (path is null)
        {
            return ProblemResult.Of(HttpContext, 404, truncated
                ? $"No path found before the search visited its limit of {MaxVisited} entities."
                : $"No path within {req.MaxDepth ?? DefaultDepth} hops.", "no-path", "No path");
        }

        var nodes = (await graph.NodesAsync(path, ct)).ToDictionary(n => n.Id);
        var ordered = path.Select((id, hop) => GraphNodeResponse.From(nodes[id] with { Depth = hop })).ToList();
        return Answer(new PathResponse(ordered, edges!.Select(GraphEdgeResponse.From).ToList(), edges!.Count));
    }

    private TypedRepresentation<Envelope<PathResponse>> Answer(PathResponse response) =>
        new(Envelope.Of(HttpContext, response), GraphJson.Default.EnvelopePathResponse);
}
