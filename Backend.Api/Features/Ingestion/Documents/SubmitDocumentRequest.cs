namespace Backend.Api.Features.Ingestion.Documents;

internal sealed class SubmitDocumentRequest : IDocumentSubmission
{
    /// <summary>The text to extract from, at most DOCUMENT_MAX_BYTES of UTF-8.</summary>
    public string? Content { get; init; }

    /// <summary>A lowercase identifier (default <c>text</c>).</summary>
    public string? DocumentType { get; init; }

    public string? Title { get; init; }

    public string? SourceUrl { get; init; }

    /// <summary><c>high</c>, <c>normal</c> (default) or <c>low</c>: the AI queue the job goes to.</summary>
    public string? Priority { get; init; }

    public JobConfigRequest? Config { get; init; }
}
