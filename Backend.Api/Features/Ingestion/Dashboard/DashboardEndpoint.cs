using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Ingest;
using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Dashboard;

internal sealed class DashboardEndpoint(DashboardRepository dashboard) : EndpointWithoutRequest<Envelope<DashboardResponse>>
{
    public override void Configure()
    {
        Get("dashboard");
        Policies(AuthPolicies.User);
        Description(b => b.WithTags("Ingestion").ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Dashboard figures";
            s.Description = "entities_count (active entities) and relationships_count (visible relationships: active, both entities active) are exact, " +
                "from counters triggers maintain; documents_count is exact while the table has fewer than 100,000 rows and " +
                "PostgreSQL's planner estimate (pg_class.reltuples, refreshed by autovacuum) above, so the call stays cheap at millions of rows; " +
                "counts_estimated says whether that estimate was used. processing_status counts jobs per status exactly, from counters a trigger " +
                "maintains. last_updated is the newest entity, relationship or completed job.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var figures = await dashboard.ReadAsync(ct);
        long Jobs(string status) => figures.JobsByStatus.TryGetValue(status, out var count) ? count : 0;
        await Send.OkAsync(Envelope.Of(HttpContext, new DashboardResponse(
            figures.Entities,
            figures.Relationships,
            figures.Documents,
            figures.LastUpdated is { } last ? JobResponse.Utc(last) : null,
            new ProcessingStatus(Jobs(JobRow.Queued), Jobs(JobRow.Dispatched), Jobs(JobRow.Completed), Jobs(JobRow.Failed), Jobs(JobRow.Dead)),
            figures.Estimated)), ct);
    }
}
