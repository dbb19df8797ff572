using System.Text.Json;
using System.Text.Json.Nodes;
using Backend.Api.Http;
using Backend.Data.Relationships;

namespace Backend.Api.Features.Relationships.Patch;

/// <summary>Applies a merge patch (RFC 7396) to a relationship's writable fields.</summary>
internal static class RelationshipPatchBody
{
    private static readonly HashSet<string> Writable = ["relationship_type", "confidence", "evidence", "metadata"];

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
