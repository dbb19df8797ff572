using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Ingest;
using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Jobs;

internal sealed class GetJobEndpoint(JobRepository jobs) : Endpoint<JobIdRequest, Envelope<JobResponse>>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<JobsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType)
            .ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Get an extraction job";
            s.Description = "status: queued (waiting in the outbox), dispatched (sent to the AI module), completed (result applied), failed (the AI module " +
                "reported an error; a retry is due at next_attempt_at) or dead (no retries left). With attempts, retry_count, timings, last_error and the " +
                "result's stats. Owners and moderators/admins only; anyone else gets 404.";
        });
    }

    public override async Task HandleAsync(JobIdRequest req, CancellationToken ct)
    {
        var job = await jobs.GetAsync(req.Id, ct);
        if (job is null || !IngestionAccess.CanSee(User, job.OwnerId))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No job with id {req.Id}."));
            return;
        }

        await Send.OkAsync(Envelope.Of(HttpContext, JobResponse.From(job)), ct);
    }
}
