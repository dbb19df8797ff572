using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backend.Api.Hosting.OpenApi;

/// <summary>Schema-level repairs of the generated document, applied to every schema it holds.</summary>
internal static class OpenApiSchemas
{
    private const string SchemaRefPrefix = "#/components/schemas/";
    private const string JsonObjectEntries = SchemaRefPrefix + "KeyValuePairOfStringAndJsonNode";

    /// <summary>
    /// A request type deriving from another becomes <c>allOf</c> of two objects that each forbid additional
    /// properties, which no body satisfies; the parts are merged into one object schema.
    /// </summary>
    public static void FlattenAllOf(JsonObject schemas)
    {
        foreach (var name in schemas.Select(s => s.Key).ToList())
        {
            Flatten(schemas, name, []);
        }
    }

    private static JsonObject? Flatten(JsonObject schemas, string name, HashSet<string> visiting)
    {
        if (schemas[name] is not JsonObject schema || schema["allOf"] is not JsonArray parts || !visiting.Add(name))
        {
            return schemas[name] as JsonObject;
        }

        var properties = new JsonObject();
        var required = new List<string>();
        var closed = false;
        string? description = null;
        foreach (var part in parts.OfType<JsonObject>())
        {
            var resolved = part["$ref"] is JsonValue reference ? Flatten(schemas, ((string)reference!)[SchemaRefPrefix.Length..], visiting) : part;
            if (resolved is null)
            {
                continue;
            }

            foreach (var (key, value) in resolved["properties"] as JsonObject ?? [])
            {
                properties[key] = value?.DeepClone();
            }

            required.AddRange((resolved["required"] as JsonArray ?? []).Select(r => (string?)r).OfType<string>());
            closed |= resolved["additionalProperties"] is JsonValue additional && additional.GetValueKind() == JsonValueKind.False;
            if (part["$ref"] is null && (string?)part["description"] is { } own)
            {
                description = own;
            }
            else
            {
                description ??= (string?)resolved["description"];
            }
        }

        schema.Remove("allOf");
        schema["type"] = "object";
        if (description is not null)
        {
            schema["description"] = description;
        }

        if (closed)
        {
            schema["additionalProperties"] = false;
        }

        if (required.Count > 0)
        {
            schema["required"] = new JsonArray([.. required.Distinct(StringComparer.Ordinal).Select(r => (JsonNode)r)]);
        }

        schema["properties"] = properties;
        visiting.Remove(name);
        return schema;
    }

    /// <summary>Standard formats, ECMA-262 patterns, array bounds as item counts, merge-patch bodies as objects.</summary>
    public static void Normalize(JsonNode? node, JsonObject schemas)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Normalize(item, schemas);
                }

                break;
            case JsonObject obj:
                NormalizeSchema(obj, schemas);
                foreach (var (key, value) in obj.ToList())
                {
                    if (key is not ("example" or "examples"))
                    {
                        Normalize(value, schemas);
                    }
                }

                break;
        }
    }

    private static void NormalizeSchema(JsonObject schema, JsonObject schemas)
    {
        if ((string?)(schema["format"] as JsonValue) == "guid")
        {
            schema["format"] = "uuid";
        }

        if (schema["pattern"] is JsonValue pattern && pattern.GetValueKind() == JsonValueKind.String)
        {
            // .NET's \z (end of input) is ECMA-262's $ without the multiline flag.
            schema["pattern"] = ((string)pattern!).Replace(@"\z", "$", StringComparison.Ordinal);
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            // A single choice is no choice (NSwag writes nullable references so): allOf says the same plainly.
            if (schema[keyword] is JsonArray { Count: 1 } choice && schema["allOf"] is null)
            {
                schema.Remove(keyword);
                schema["allOf"] = choice;
            }
        }

        var type = schema["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? (string?)t : null;
        if (type == "array")
        {
            Rename(schema, "minLength", "minItems");
            Rename(schema, "maxLength", "maxItems");
            if ((string?)(schema["items"]?["$ref"] as JsonValue) == JsonObjectEntries)
            {
                // A JsonObject parameter (JSON merge patch, RFC 7396): any object of members to set or, with null, to clear.
                schema.Remove("items");
                schema["type"] = "object";
                schema["description"] = "A JSON merge patch (RFC 7396): the members to change; null clears a member, absent leaves it unchanged.";
                schema["additionalProperties"] = true;
            }
        }

        if (type is null && schema["nullable"] is JsonValue)
        {
            // nullable only counts beside type (OpenAPI 3.0.3): a nullable reference ({nullable, oneOf: [$ref]}) takes the
            // referenced schema's type; a schema with neither admits null already.
            var referenced = schema["allOf"] is JsonArray { Count: 1 } single
                && single[0]?["$ref"] is JsonValue reference
                && ((string)reference!).StartsWith(SchemaRefPrefix, StringComparison.Ordinal)
                    ? schemas[((string)reference!)[SchemaRefPrefix.Length..]]?["type"] as JsonValue
                    : null;
            if (referenced is not null)
            {
                schema["type"] = referenced.DeepClone();
            }
            else
            {
                schema.Remove("nullable");
            }
        }

        if (schema["nullable"] is JsonValue nullable && nullable.GetValueKind() == JsonValueKind.False)
        {
            schema.Remove("nullable");
        }
    }

    private static void Rename(JsonObject schema, string from, string to)
    {
        if (schema[from] is { } value)
        {
            schema.Remove(from);
            schema[to] ??= value;
        }
    }

    /// <summary>Drops component schemas no operation reaches (the generator's ProblemDetails, binding-only request types).</summary>
    public static void RemoveUnused(JsonObject document, JsonObject schemas)
    {
        var detached = document.DeepClone().AsObject();
        detached["components"]!.AsObject().Remove("schemas");
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(References(detached));
        while (pending.TryPop(out var name))
        {
            if (reached.Add(name) && schemas[name] is { } schema)
            {
                foreach (var next in References(schema))
                {
                    pending.Push(next);
                }
            }
        }

        foreach (var name in schemas.Select(s => s.Key).Where(n => !reached.Contains(n)).ToList())
        {
            schemas.Remove(name);
        }
    }

    private static IEnumerable<string> References(JsonNode node)
    {
        var text = node.ToJsonString();
        var marker = "\"$ref\":\"" + SchemaRefPrefix;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + 1, StringComparison.Ordinal))
        {
            var start = at + marker.Length;
            yield return text[start..text.IndexOf('"', start)];
        }
    }
}
