using System.Text.Encodings.Web;
using System.Text.Json;
using Backend.Api.Http;

namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// The AI module's job message, in its field order: <c>{job_id, document_id, content, config: {entity_types,
/// confidence_threshold, language}, priority, created_at, retry_count}</c>. Non-ASCII text stays UTF-8 (no \u escapes).
/// </summary>
internal sealed record JobMessage(
    Guid JobId,
    Guid DocumentId,
    string Content,
    JobConfig Config,
    string Priority,
    DateTimeOffset CreatedAt,
    int RetryCount)
{
    public const string MessageType = "ai.job";

    private static readonly JsonSerializerOptions Options = CreateOptions();

    public string Serialize() => JsonSerializer.Serialize(this, Options);

    public static JobConfig ReadConfig(string json) => JsonSerializer.Deserialize<JobConfig>(json, Options)
        ?? throw new JsonException("The job's config is null.");

    public static string WriteConfig(JobConfig config) => JsonSerializer.Serialize(config, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        ApiJson.Configure(options);
        return options;
    }
}
