using FastEndpoints;

namespace Backend.Api.Features.Ingestion;

/// <summary>Route prefix and tag of the extraction job endpoints.</summary>
internal sealed class JobsGroup : Group
{
    public JobsGroup() => Configure("jobs", endpoint => endpoint.Description(b => b.WithTags("Ingestion")));
}
