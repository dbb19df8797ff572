using FastEndpoints;

namespace Backend.Api.Features.Ingestion;

/// <summary>Route prefix and tag of the documents endpoints.</summary>
internal sealed class DocumentsGroup : Group
{
    public DocumentsGroup() => Configure("documents", endpoint => endpoint.Description(b => b.WithTags("Ingestion")));
}
