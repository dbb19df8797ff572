namespace Backend.Api.Features.Ingestion;

/// <summary>The answer to a submission: the stored document and its queued job.</summary>
internal sealed record SubmittedDocumentResponse(DocumentResponse Document, JobResponse Job);
