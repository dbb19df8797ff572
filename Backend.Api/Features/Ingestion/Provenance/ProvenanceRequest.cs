using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Provenance;

internal sealed class ProvenanceRequest
{
    public Guid Id { get; init; }

    [QueryParam, BindFrom("limit")]
    public int? Limit { get; init; }
}
