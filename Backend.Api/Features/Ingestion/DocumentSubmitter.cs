using System.Text;
using Backend.Api.Features.Graph;
using Backend.Api.Features.Ingestion.Messaging;
using Backend.Data.Ingest;

namespace Backend.Api.Features.Ingestion;

/// <summary>Stores a document with its job and job message (one transaction) and wakes the relay: the path of both submit endpoints.</summary>
internal sealed class DocumentSubmitter(DocumentRepository documents, IngestionSettings settings, GraphSettings graph, OutboxSignal signal, TimeProvider time)
{
    /// <summary>Sent as <c>config.entity_types</c> when the request names none and ENTITY_TYPES is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultEntityTypes = ["person", "organization", "location", "event", "concept"];

    public const double DefaultConfidenceThreshold = 0.5;
    public const string DefaultLanguage = "en";
    public const string DefaultDocumentType = "text";

    public async Task<(DocumentRow Document, JobRow Job)> SubmitAsync(
        Guid ownerId, string content, string? documentType, string? title, string? sourceUrl, string? priority, JobConfigRequest? config,
        string correlationId, CancellationToken ct)
    {
        // Microsecond precision, as PostgreSQL stores it: the message's created_at and the job row's are then the same instant.
        var clock = time.GetUtcNow();
        var now = new DateTimeOffset(clock.UtcTicks - (clock.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
        var documentId = Guid.CreateVersion7(now);
        var jobId = Guid.CreateVersion7(now);
        var jobPriority = priority ?? "normal";
        var jobConfig = new JobConfig(
            config?.EntityTypes is { Count: > 0 } types ? types : graph.EntityTypes.Count > 0 ? [.. graph.EntityTypes.Order(StringComparer.Ordinal)] : DefaultEntityTypes,
            config?.ConfidenceThreshold ?? DefaultConfidenceThreshold,
            config?.Language ?? DefaultLanguage);
        var message = JobMessages.Create(jobId, documentId, content, jobConfig, jobPriority, now, 0, correlationId, now);
        var result = await documents.SubmitAsync(
            new NewDocument(documentId, ownerId, title, documentType ?? DefaultDocumentType, sourceUrl, content, Encoding.UTF8.GetByteCount(content)),
            new NewJob(jobId, jobPriority, JobMessage.WriteConfig(jobConfig), correlationId, settings.MaxRetries),
            message,
            now,
            ct);
        signal.Notify();
        return result;
    }
}
