using Backend.Api.Features.Ingestion.Messaging;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Ingest;
using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Jobs;

/// <summary>Queues a failed or dead job again now (owner, moderator or admin).</summary>
internal sealed class RetryJobEndpoint(JobRepository jobs, DocumentRepository documents, OutboxSignal signal, TimeProvider time) : Endpoint<JobIdRequest, Envelope<JobResponse>>
{
    public override void Configure()
    {
        Post("{id:guid}/retry");
        Group<JobsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Produces<Envelope<JobResponse>>(202)
            .ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType)
            .ProducesProblemDetails(409, Problems.ContentType)
            .ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Retry an extraction job";
            s.Description = "A failed or dead job is queued again at once with the next retry_count (a retry already scheduled is replaced, so the job is " +
                "sent once). 202 with the job; 409 when the job is queued, dispatched or completed. Owners, moderators and admins; anyone else gets 404.";
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

        if (job.Status is not (JobRow.Failed or JobRow.Dead))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 409, $"The job is {job.Status}; only failed or dead jobs can be retried.", "job-not-retryable", "Job not retryable"));
            return;
        }

        // A failed job already counts its scheduled retry; a dead job starts the next one.
        var next = job.Status == JobRow.Failed ? job.RetryCount : job.RetryCount + 1;
        var content = await documents.GetContentAsync(job.DocumentId, ct) ?? string.Empty;
        var now = time.GetUtcNow();
        var outcome = await jobs.RetryAsync(job.Id, job.Status, job.RetryCount, next, JobMessages.ForRetry(job, content, next, now), now, ct);
        if (outcome.Status != JobRetryStatus.Queued)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 409, "The job changed meanwhile; read it again.", "job-not-retryable", "Job not retryable"));
            return;
        }

        signal.Notify();
        HttpContext.Response.Headers.Location = JobResponse.Location(job.Id);
        await Send.ResponseAsync(Envelope.Of(HttpContext, JobResponse.From(outcome.Job!)), 202, ct);
    }
}
