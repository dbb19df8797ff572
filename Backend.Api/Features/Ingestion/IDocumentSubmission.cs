namespace Backend.Api.Features.Ingestion;

/// <summary>The fields both submit endpoints accept.</summary>
internal interface IDocumentSubmission
{
    public string? Content { get; }

    public string? DocumentType { get; }

    public string? Title { get; }

    public string? SourceUrl { get; }

    public string? Priority { get; }

    public JobConfigRequest? Config { get; }
}
