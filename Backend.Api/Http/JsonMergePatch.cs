using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backend.Api.Http;

/// <summary>RFC 7396 merge patches: reading the body, and applying it (a null member removes, an object member merges recursively, anything else replaces).</summary>
internal static class JsonMergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                Apply(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

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
}
