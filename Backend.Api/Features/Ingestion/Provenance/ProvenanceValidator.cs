using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Ingestion.Provenance;

internal sealed class ProvenanceValidator : Validator<ProvenanceRequest>
{
    public ProvenanceValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, 500).WithErrorCode("range");
}
