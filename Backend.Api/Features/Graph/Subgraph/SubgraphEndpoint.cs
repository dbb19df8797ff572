using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Graph;
using FastEndpoints;

namespace Backend.Api.Features.Graph.Subgraph;

/// <summary>The given entities (active ones) and the relationships among them.</summary>
internal sealed class SubgraphEndpoint(GraphRepository graph) : Endpoint<SubgraphRequest, Envelope<SubgraphResponse>>
{
    public const int MaxIds = 500;
    public const int MaxEdges = 5000;

    public override void Configure()
    {
        Post("subgraph");
        Group<GraphGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Subgraph induced by a set of entities";
            s.Description = $"Up to {MaxIds} ids; unknown or deleted ids are left out; at most {MaxEdges} edges (truncated=true beyond).";
            s.ExampleRequest = new SubgraphRequest { Ids = [Guid.Parse("01a21c18-d588-71cf-b3c0-13589375ecd8"), Guid.Parse("01a21c19-0b2e-7c41-9a55-2f4f1e6b8d10")] };
        });
    }

    public override async Task HandleAsync(SubgraphRequest req, CancellationToken ct)
    {
        // Repeated ids need no removal: the statement matches them with = ANY, which yields each entity once.
        var walk = await graph.SubgraphAsync<GraphNodeResponse, GraphEdgeResponse>(req.Ids!, MaxEdges, ct);
        var response = new SubgraphResponse(walk.Nodes, walk.Edges, walk.Truncated, new GraphLimits(MaxIds, MaxEdges));
        await Send.ResultAsync(new TypedRepresentation<Envelope<SubgraphResponse>>(Envelope.Of(HttpContext, response), GraphJson.Default.EnvelopeSubgraphResponse));
    }
}
