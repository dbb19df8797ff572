namespace Backend.Data.Ingest;

/// <summary>The job of a new document; <paramref name="ConfigJson"/> is the JSON object sent to the AI module as <c>config</c>.</summary>
public sealed record NewJob(Guid Id, string Priority, string ConfigJson, string CorrelationId, int MaxRetries);
