using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backend.Data.Ingest;

namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// Reads <c>ai.results</c> and <c>ai.errors</c> messages strictly. Accepted result shape:
/// <c>{job_id, status: "completed", result: {entities: [{id, text, type, confidence}], relationships: [{source, target, type,
/// confidence?}], stats: {entities_extracted, relationships_found, processing_time_seconds}}, completed_at}</c>; entity and
/// relationship ids are strings or integers, relationship ends name entity ids of the same result, types are lower-cased
/// and must then be identifiers. Anything else is rejected with a reason (to the dead-letter queue).
/// </summary>
internal static partial class AiMessageParser
{
    public const int MaxEntities = 10_000;
    public const int MaxRelationships = 50_000;

    public static (ExtractionResult? Result, MessageRejected? Rejected) ParseResult(ReadOnlySpan<byte> body, IReadOnlySet<string> entityTypes, IReadOnlySet<string> relationshipTypes)
    {
        Guid? jobId = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Reject("the body is not a JSON object", null);
            }

            jobId = ReadJobId(root);
            if (jobId is null)
            {
                return Reject("job_id is missing or not a UUID", null);
            }

            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String || status.GetString() != "completed")
            {
                return Reject("status must be \"completed\"", jobId);
            }

            if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
            {
                return Reject("result must be an object", jobId);
            }

            if (!result.TryGetProperty("entities", out var entityArray) || entityArray.ValueKind != JsonValueKind.Array)
            {
                return Reject("result.entities must be an array", jobId);
            }

            if (entityArray.GetArrayLength() > MaxEntities)
            {
                return Reject($"result.entities has more than {MaxEntities} items", jobId);
            }

            var entities = new List<ExtractedEntity>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in entityArray.EnumerateArray())
            {
                var at = $"result.entities[{index++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    return Reject($"{at} must be an object", jobId);
                }

                var id = ReadId(item, "id");
                if (id is null || !ids.Add(id))
                {
                    return Reject($"{at}.id must be a unique string or integer", jobId);
                }

                var name = item.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? Whitespace().Replace(text.GetString()!.Trim(), " ") : null;
                if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Contains('\0', StringComparison.Ordinal))
                {
                    return Reject($"{at}.text must be 1–200 characters", jobId);
                }

                var type = ReadType(item, 100);
                if (type is null || (entityTypes.Count > 0 && !entityTypes.Contains(type)))
                {
                    return Reject($"{at}.type must be an identifier{(entityTypes.Count > 0 ? " of ENTITY_TYPES" : string.Empty)}", jobId);
                }

                var confidence = ReadConfidence(item, required: true);
                if (confidence is null)
                {
                    return Reject($"{at}.confidence must be a number from 0 to 1", jobId);
                }

                entities.Add(new ExtractedEntity(id, name, type, confidence.Value));
            }

            var relationships = new List<ExtractedRelationship>();
            if (result.TryGetProperty("relationships", out var relationshipArray) && relationshipArray.ValueKind != JsonValueKind.Null)
            {
                if (relationshipArray.ValueKind != JsonValueKind.Array || relationshipArray.GetArrayLength() > MaxRelationships)
                {
                    return Reject($"result.relationships must be an array of at most {MaxRelationships} items", jobId);
                }

                index = 0;
                foreach (var item in relationshipArray.EnumerateArray())
                {
                    var at = $"result.relationships[{index++}]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        return Reject($"{at} must be an object {{source, target, type, confidence}}", jobId);
                    }

                    var source = ReadId(item, "source");
                    var target = ReadId(item, "target");
                    if (source is null || target is null || !ids.Contains(source) || !ids.Contains(target))
                    {
                        return Reject($"{at}.source and .target must be ids of result.entities", jobId);
                    }

                    var type = ReadType(item, 100);
                    if (type is null || (relationshipTypes.Count > 0 && !relationshipTypes.Contains(type)))
                    {
                        return Reject($"{at}.type must be an identifier{(relationshipTypes.Count > 0 ? " of RELATIONSHIP_TYPES" : string.Empty)}", jobId);
                    }

                    var confidence = ReadConfidence(item, required: false);
                    if (confidence is null)
                    {
                        return Reject($"{at}.confidence must be a number from 0 to 1", jobId);
                    }

                    relationships.Add(new ExtractedRelationship(source, target, type, confidence.Value));
                }
            }

            var stats = result.TryGetProperty("stats", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
            var entitiesExtracted = ReadCount(stats, "entities_extracted") ?? entities.Count;
            var relationshipsFound = ReadCount(stats, "relationships_found") ?? relationships.Count;
            var seconds = stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty("processing_time_seconds", out var p)
                && p.ValueKind == JsonValueKind.Number && p.GetDouble() >= 0 ? p.GetDouble() : 0;
            return (new ExtractionResult(jobId.Value, entities, relationships, entitiesExtracted, relationshipsFound, seconds), null);
        }
        catch (JsonException exception)
        {
            return Reject("the body is not valid JSON: " + exception.Message, jobId);
        }
    }

    public static (AiError? Error, MessageRejected? Rejected) ParseError(ReadOnlySpan<byte> body)
    {
        Guid? jobId = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, new MessageRejected("the body is not a JSON object", null));
            }

            jobId = ReadJobId(root);
            if (jobId is null)
            {
                return (null, new MessageRejected("job_id is missing or not a UUID", null));
            }

            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String || status.GetString() != "failed")
            {
                return (null, new MessageRejected("status must be \"failed\"", jobId));
            }

            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            if (string.IsNullOrWhiteSpace(error))
            {
                return (null, new MessageRejected("error must be a non-empty string", jobId));
            }

            if (!root.TryGetProperty("retry_count", out var r) || r.ValueKind != JsonValueKind.Number || !r.TryGetInt32(out var retryCount) || retryCount < 0)
            {
                return (null, new MessageRejected("retry_count must be a non-negative integer", jobId));
            }

            return (new AiError(jobId.Value, error.Replace('\0', ' '), retryCount), null);
        }
        catch (JsonException exception)
        {
            return (null, new MessageRejected("the body is not valid JSON: " + exception.Message, jobId));
        }
    }

    /// <summary>The job_id of a message that is otherwise unreadable, for the log.</summary>
    private static Guid? ReadJobId(JsonElement root) =>
        root.TryGetProperty("job_id", out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id) ? id : null;

    private static (ExtractionResult?, MessageRejected?) Reject(string reason, Guid? jobId) => (null, new MessageRejected(reason, jobId));

    private static string? ReadId(JsonElement item, string name) =>
        !item.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 200 } text ? text
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number.ToString(CultureInfo.InvariantCulture)
        : null;

    private static string? ReadType(JsonElement item, int maxLength)
    {
        if (!item.TryGetProperty("type", out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var type = value.GetString()!.Trim().ToLowerInvariant();
        return type.Length <= maxLength && Identifier().IsMatch(type) ? type : null;
    }

    private static double? ReadConfidence(JsonElement item, bool required)
    {
        if (!item.TryGetProperty("confidence", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? null : 1.0;
        }

        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and <= 1 and var confidence ? confidence : null;
    }

    private static int? ReadCount(JsonElement stats, string name) =>
        stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var count) && count >= 0 ? count : null;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
