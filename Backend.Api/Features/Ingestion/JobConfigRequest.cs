namespace Backend.Api.Features.Ingestion;

/// <summary>Overrides of the job's <c>config</c> sent to the AI module; omitted fields take the defaults.</summary>
internal sealed class JobConfigRequest
{
    public IReadOnlyList<string>? EntityTypes { get; init; }

    public double? ConfidenceThreshold { get; init; }

    public string? Language { get; init; }
}
