using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Extract;

internal sealed class ExtractEntitiesValidator : Validator<ExtractEntitiesRequest>
{
    public ExtractEntitiesValidator() => Include(new DocumentSubmissionRules());
}
