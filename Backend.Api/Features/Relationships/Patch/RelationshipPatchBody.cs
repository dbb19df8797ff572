using System.Text.Json;
using System.Text.Json.Nodes;
using Backend.Api.Hosting;
using Backend.Data.Relationships;

namespace Backend.Api.Features.Relationships.Patch;

/// <summary>Reads a merge-patch body and applies it (RFC 7396) to a relationship's writable fields.</summary>
internal static class RelationshipPatchBody
{
    private static readonly HashSet<string> Writable = ["relationship_type", "confidence", "evidence", "metadata"];

    /// <summary>The patch object, or null after writing the 415/400 problem.</summary>
    public static async Task<JsonObject?> ReadAsync(HttpContext context, CancellationToken ct)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/merge-patch+json" or "application/json"))
        {
            await Problems.WriteAsync(context, Problems.Create(context, 415, "Send a JSON merge patch as application/merge-patch+json or application/json."));
            return null;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 32 }, ct);
            if (JsonObject.Create(document.RootElement.Clone()) is { } patch)
            {
                return patch;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Reported below as a malformed body.
        }

        await Problems.WriteAsync(context, Problems.Create(context, 400, "The body must be a JSON object (a merge patch).", "malformed-body", "Malformed request body",
            [new FieldError("body", "json", "must be a JSON object")]));
        return null;
    }

    public static (CreateRelationshipFields? Fields, List<FieldError> Errors) Apply(RelationshipRow current, JsonObject patch)
    {
        var errors = patch
            .Where(p => !Writable.Contains(p.Key))
            .Select(p => new FieldError(p.Key, p.Key is "source_entity_id" or "target_entity_id" or "id" or "version" ? "read_only" : "unknown_field",
                "cannot be changed with PATCH"))
            .ToList();
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var document = new JsonObject
        {
            ["source_entity_id"] = current.SourceEntityId,
            ["target_entity_id"] = current.TargetEntityId,
            ["relationship_type"] = current.RelationshipType,
            ["confidence"] = current.Confidence,
            ["evidence"] = current.Evidence,
            ["metadata"] = JsonNode.Parse(current.Metadata),
        };
        JsonMergePatch.Apply(document, patch);
        try
        {
            return (document.Deserialize<CreateRelationshipFields>(ApiJson.Options), errors);
        }
        catch (JsonException exception)
        {
            var field = exception.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body";
            return (null, [new FieldError(field, "type", "has the wrong JSON type")]);
        }
    }
}
