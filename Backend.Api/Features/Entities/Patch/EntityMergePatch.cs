using System.Text.Json;
using System.Text.Json.Nodes;
using Backend.Api.Http;
using Backend.Data.Entities;

namespace Backend.Api.Features.Entities.Patch;

/// <summary>
/// RFC 7396 JSON merge patch over an entity's writable fields: an absent member is unchanged, <c>null</c>
/// clears it (back to its default), objects merge recursively (metadata).
/// </summary>
internal static class EntityMergePatch
{
    private static readonly HashSet<string> Writable = ["name", "type", "description", "confidence", "source", "source_type", "metadata"];
    private static readonly HashSet<string> ReadOnly = ["id", "version", "is_active", "created_by", "created_at", "updated_at", "deleted_at", "deleted_by"];

    public static (IEntityFields? Fields, IReadOnlyList<FieldError> Errors) Apply(EntityRow current, JsonObject patch)
    {
        var errors = new List<FieldError>();
        foreach (var (name, _) in patch)
        {
            if (ReadOnly.Contains(name))
            {
                errors.Add(new FieldError(name, "read_only", "cannot be changed"));
            }
            else if (!Writable.Contains(name))
            {
                errors.Add(new FieldError(name, "unknown_field", "is not a field of an entity"));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var document = new JsonObject
        {
            ["name"] = current.Name,
            ["type"] = current.Type,
            ["description"] = current.Description,
            ["confidence"] = current.Confidence,
            ["source"] = current.Source,
            ["source_type"] = current.SourceType,
            ["metadata"] = JsonNode.Parse(current.Metadata),
        };
        JsonMergePatch.Apply(document, patch);
        try
        {
            return (document.Deserialize<EntityFieldsRequest>(ApiJson.Options), errors);
        }
        catch (JsonException exception)
        {
            var field = exception.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body";
            return (null, [new FieldError(field, "type", "has the wrong JSON type")]);
        }
    }
}
