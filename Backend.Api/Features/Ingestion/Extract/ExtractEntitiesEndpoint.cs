using Backend.Api.Http;
using Backend.Api.Http.Idempotency;
using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Extract;

/// <summary><c>POST /api/v1/entities/extract</c>: the same as submitting a document, answering with the job.</summary>
internal sealed class ExtractEntitiesEndpoint(DocumentSubmitter submitter, IdempotencyGate idempotency, IngestionSettings settings) : Endpoint<ExtractEntitiesRequest>
{
    public override void Configure()
    {
        Post("entities/extract");
        Policies(AuthPolicies.User);
        Description(b => b
            .WithTags("Ingestion")
            .WithMetadata(new RequestBodyLimit(settings.RequestBodyLimit))
            .Produces<Envelope<JobResponse>>(202)
            .ProducesProblemDetails(400, Problems.ContentType)
            .ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(409, Problems.ContentType)
            .ProducesProblemDetails(413, Problems.ContentType)
            .ProducesProblemDetails(415, Problems.ContentType)
            .ProducesProblemDetails(422, Problems.ContentType)
            .ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Extract entities from text";
            s.Description = "The front end's shortcut for POST /api/v1/documents: stores the text as a document and queues its extraction job. " +
                "202 with the job (its document_id names the document); Location is the job. The extracted entities appear in the graph when the " +
                "job is completed. Honours Idempotency-Key.";
            s.ExampleRequest = new ExtractEntitiesRequest
            {
                Content = "Grace Hopper joined the Harvard Computation Lab in 1944.",
                DocumentType = "text",
                Config = new JobConfigRequest { EntityTypes = ["person", "organization"], ConfidenceThreshold = 0.5, Language = "en" },
            };
        });
    }

    public override async Task HandleAsync(ExtractEntitiesRequest req, CancellationToken ct)
    {
        var userId = User.UserId()!.Value;
        await Send.ResultAsync(await idempotency.RunAsync(HttpContext, userId, req, async c =>
        {
            var (_, job) = await submitter.SubmitAsync(
                userId, req.Content!, req.DocumentType, req.Title, req.SourceUrl, req.Priority, req.Config, HttpContext.TraceIdentifier, c);
            return Represent.Accepted(Envelope.Of(HttpContext, JobResponse.From(job)), JobResponse.Location(job.Id));
        }, ct));
    }
}
