namespace Backend.Api.Features.Ingestion.Documents;

internal sealed class GetDocumentRequest
{
    public Guid Id { get; init; }
}
