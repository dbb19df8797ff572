using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backend.Api.Http;

/// <summary>RFC 7396 JSON merge patch: reading the patch document, and applying it exactly as §2 defines MergePatch.</summary>
internal static class JsonMergePatch
{
    public const string MediaType = "application/merge-patch+json";

    /// <summary>
    /// MergePatch(target, patch) of RFC 7396 §2: an object patch merges member by member into the target (a target that
    /// is not an object counts as an empty one), a null member removes, and any other patch replaces the target.
    /// An object target is changed in place; the result is returned.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            result.TryGetPropertyValue(name, out var existing);
            var merged = Apply(existing, value);
            if (!ReferenceEquals(merged, existing))
            {
                result.Remove(name);
                result[name] = merged;
            }
        }

        return result;
    }

    /// <summary>The patch object of the request, or the problem (415, 400) that answers it.</summary>
    public static async Task<(JsonObject? Patch, ProblemResult? Problem)> ReadAsync(HttpContext context, CancellationToken ct)
    {
        var request = context.Request;
        if (request.ContentLength == 0 || (request.ContentLength is null && string.IsNullOrEmpty(request.ContentType)))
        {
            return (null, ProblemResult.Of(context, 400, "A merge patch needs a body: a JSON object.", "malformed-body", "Malformed request body",
                [new FieldError("body", "required", "must be a JSON object (a merge patch)")]));
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, MediaType, StringComparison.OrdinalIgnoreCase) && !string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ProblemResult.Of(context, 415, "Send a JSON merge patch as application/merge-patch+json or application/json."));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 32 }, ct);
            if (JsonObject.Create(document.RootElement.Clone()) is { } patch)
            {
                return (patch, null);
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Reported below as a malformed body.
        }

        return (null, ProblemResult.Of(context, 400, "The body must be a JSON object (a merge patch).", "malformed-body", "Malformed request body",
            [new FieldError("body", "json", "must be a JSON object")]));
    }
}
