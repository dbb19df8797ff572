using Backend.Api.Http;
using Backend.Api.Http.Idempotency;
using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Documents;

internal sealed class SubmitDocumentEndpoint(DocumentSubmitter submitter, IdempotencyGate idempotency, IngestionSettings settings) : Endpoint<SubmitDocumentRequest>
{
    public override void Configure()
    {
        Post("");
        Group<DocumentsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .WithMetadata(new RequestBodyLimit(settings.RequestBodyLimit))
            .Produces<Envelope<SubmittedDocumentResponse>>(202)
            .ProducesProblemDetails(400, Problems.ContentType)
            .ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(409, Problems.ContentType)
            .ProducesProblemDetails(413, Problems.ContentType)
            .ProducesProblemDetails(415, Problems.ContentType)
            .ProducesProblemDetails(422, Problems.ContentType)
            .ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Submit a document for extraction";
            s.Description = "Stores the document and queues an extraction job (its message is written to the outbox in the same transaction and " +
                "relayed to ai.jobs.<priority>). 202 with the document and the job; Location is the job to poll. content is at most DOCUMENT_MAX_BYTES " +
                "of UTF-8 (400 max_bytes above it; 413 when the whole body exceeds twice that plus 64 KiB). Works without a broker: the job stays queued. " +
                "Honours Idempotency-Key (409 while the first request runs, 422 when reused with another body).";
            s.ExampleRequest = new SubmitDocumentRequest
            {
                Content = "Ada Lovelace worked with Charles Babbage on the Analytical Engine in London.",
                DocumentType = "article",
                Title = "Notes on the Analytical Engine",
                SourceUrl = "https://example.com/ada",
                Priority = "normal",
                Config = new JobConfigRequest { EntityTypes = ["person", "organization", "location"], ConfidenceThreshold = 0.6, Language = "en" },
            };
        });
    }

    public override async Task HandleAsync(SubmitDocumentRequest req, CancellationToken ct)
    {
        var userId = User.UserId()!.Value;
        await Send.ResultAsync(await idempotency.RunAsync(HttpContext, userId, req, async c =>
        {
            var (document, job) = await submitter.SubmitAsync(
                userId, req.Content!, req.DocumentType, req.Title, req.SourceUrl, req.Priority, req.Config, HttpContext.TraceIdentifier, c);
            var body = Envelope.Of(HttpContext, new SubmittedDocumentResponse(DocumentResponse.From(document), JobResponse.From(job)));
            return Represent.Accepted(body, JobResponse.Location(job.Id));
        }, ct));
    }
}
