namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>The <c>config</c> of a job message.</summary>
internal sealed record JobConfig(IReadOnlyList<string> EntityTypes, double ConfidenceThreshold, string Language);
