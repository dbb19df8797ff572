using Backend.Api.Features.Entities;
using Backend.Api.Features.Relationships;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Graph;
using FastEndpoints;

namespace Backend.Api.Features.Graph.Neighbors;

/// <summary>The entity's neighbourhood up to 3 hops: nodes (with the hop count), the edges among them, and whether a cap cut it short.</summary>
internal sealed class NeighborsEndpoint(GraphRepository graph) : Endpoint<NeighborsRequest, Envelope<NeighborsResponse>>
{
    public const int MaxNodes = 500;
    public const int MaxEdges = 2000;
    private const int DefaultLimit = 100;

    public override void Configure()
    {
        Get("{id:guid}/neighbors");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.WithTags("Graph").ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Neighbours of an entity";
            s.Description = $"depth 1–3 (default 1), direction outgoing|incoming|both (default both), relationship_type, limit 1–{MaxNodes} nodes (default {DefaultLimit}). " +
                $"Edges are capped at {MaxEdges}. truncated=true when a cap cut the result short. Deleted entities and their relationships are never walked.";
        });
    }

    public override async Task HandleAsync(NeighborsRequest req, CancellationToken ct) => await Send.ResultAsync(await OutcomeAsync(req, ct));

    private async Task<IResult> OutcomeAsync(NeighborsRequest req, CancellationToken ct)
    {
        var limit = req.Limit ?? DefaultLimit;
        var nodes = await graph.NeighborsAsync(req.Id, req.Depth ?? 1, req.Direction.ToQuery(), req.RelationshipType, limit, ct);
        if (nodes.Count == 0)
        {
            return ProblemResult.NotFound(HttpContext, "entity", req.Id);
        }

        var truncated = nodes.Count > limit;
        var kept = truncated ? nodes.Take(limit).ToList() : nodes;
        var edges = await graph.EdgesAmongAsync(kept.Select(n => n.Id).ToList(), req.RelationshipType, MaxEdges, ct);
        truncated |= edges.Count > MaxEdges;
        var response = new NeighborsResponse(
            kept.Select(GraphNodeResponse.From).ToList(),
            edges.Take(MaxEdges).Select(GraphEdgeResponse.From).ToList(),
            kept.Max(n => n.Depth),
            truncated,
            new GraphLimits(limit, MaxEdges));
        return Represent.Ok(Envelope.Of(HttpContext, response));
    }
}
