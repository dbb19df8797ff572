using System.Text.Json;
using Backend.Data.Ingest;

namespace Backend.Api.Features.Ingestion;

internal sealed record JobResponse(
    Guid Id,
    Guid DocumentId,
    string Status,
    string Priority,
    JsonElement Config,
    int Attempts,
    int RetryCount,
    int MaxRetries,
    string? LastError,
    int? EntitiesExtracted,
    int? RelationshipsFound,
    double? ProcessingSeconds,
    string CorrelationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset? NextAttemptAt)
{
    public static JobResponse From(JobRow row) => new(
        row.Id,
        row.DocumentId,
        row.Status,
        row.Priority,
        JsonDocument.Parse(row.Config).RootElement.Clone(),
        row.Attempts,
        row.RetryCount,
        row.MaxRetries,
        row.LastError,
        row.EntitiesExtracted,
        row.RelationshipsFound,
        row.ProcessingSeconds,
        row.CorrelationId,
        Utc(row.CreatedAt),
        Utc(row.UpdatedAt),
        Utc(row.DispatchedAt),
        Utc(row.CompletedAt),
        Utc(row.FailedAt),
        Utc(row.NextAttemptAt));

    public static string Location(Guid id) => $"/api/v1/jobs/{id}";

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
