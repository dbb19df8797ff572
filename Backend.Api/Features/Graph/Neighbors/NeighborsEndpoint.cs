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
    public const int DefaultLimit = 100;

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
        var walk = await graph.NeighborsAsync<GraphNodeResponse, GraphEdgeResponse>(
            req.Id, req.Depth ?? 1, req.Direction.ToQuery(), req.RelationshipType, limit, MaxEdges, ct);
        if (walk is null)
        {
            return ProblemResult.NotFound(HttpContext, "entity", req.Id);
        }

        var response = new NeighborsResponse(walk.Nodes, walk.Edges, walk.DepthReached, walk.Truncated, new GraphLimits(limit, MaxEdges));
        return new TypedRepresentation<Envelope<NeighborsResponse>>(Envelope.Of(HttpContext, response), GraphJson.Default.EnvelopeNeighborsResponse);
    }
}
