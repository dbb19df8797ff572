using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Graph;
using FastEndpoints;

namespace Backend.Api.Features.Graph.Stats;

/// <summary>Counts of active entities and visible relationships, by type, and the time of the last change.</summary>
internal sealed class GraphStatsEndpoint(GraphRepository graph) : EndpointWithoutRequest<Envelope<GraphStatsResponse>>
{
    public override void Configure()
    {
        Get("stats");
        Group<GraphGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType), clearDefaults: false);
        Summary(s => s.Summary = "Graph statistics");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var stats = await graph.StatsAsync(ct);
        await Send.ResultAsync(Represent.Ok(Envelope.Of(HttpContext, new GraphStatsResponse(
            stats.Entities,
            stats.Relationships,
            stats.EntitiesByType.ToDictionary(t => t.Type, t => t.Count),
            stats.RelationshipsByType.ToDictionary(t => t.Type, t => t.Count),
            stats.LastUpdatedAt is { } last ? new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc)) : null))));
    }
}
