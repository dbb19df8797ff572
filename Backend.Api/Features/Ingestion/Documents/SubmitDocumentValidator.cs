using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Documents;

internal sealed class SubmitDocumentValidator : Validator<SubmitDocumentRequest>
{
    public SubmitDocumentValidator() => Include(new DocumentSubmissionRules());
}
