namespace Backend.Api.Features.Ingestion.Extract;

/// <summary>The front end's shortcut: <c>{content, document_type}</c>, plus the optional fields of a document submission.</summary>
internal sealed class ExtractEntitiesRequest : IDocumentSubmission
{
    public string? Content { get; init; }

    public string? DocumentType { get; init; }

    public string? Title { get; init; }

    public string? SourceUrl { get; init; }

    public string? Priority { get; init; }

    public JobConfigRequest? Config { get; init; }
}
