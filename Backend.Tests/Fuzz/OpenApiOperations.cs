using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backend.Tests.Fuzz;

/// <summary>One operation of the OpenAPI document, with its schemas resolved ($ref followed, allOf merged).</summary>
internal sealed record FuzzOperation(
    string Method,
    string Path,
    IReadOnlySet<int> Responses,
    IReadOnlyList<(string Name, JsonObject Schema)> QueryParameters,
    IReadOnlyList<string> BodyContentTypes,
    JsonObject? BodySchema,
    bool Secured)
{
    public string Name => $"{Method} {Path}";

    public bool HasBody => BodyContentTypes.Count > 0;

    public bool AcceptsForm => BodyContentTypes.Contains("application/x-www-form-urlencoded");
}

internal static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    /// <summary>Every operation of <paramref name="document"/> whose path passes <paramref name="include"/>.</summary>
    public static List<FuzzOperation> Read(JsonObject document, Func<string, bool> include)
    {
        var schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (!include(path))
            {
                continue;
            }

            foreach (var method in Methods)
            {
                if (item![method] is not JsonObject operation)
                {
                    continue;
                }

                var responses = operation["responses"]!.AsObject()
                    .Select(r => int.TryParse(r.Key, out var status) ? status : 0)
                    .Where(s => s > 0)
                    .ToHashSet();
                var query = (operation["parameters"]?.AsArray() ?? [])
                    .OfType<JsonObject>()
                    .Where(p => (string?)p["in"] == "query")
                    .Select(p => ((string)p["name"]!, Resolve(p["schema"] as JsonObject ?? [], schemas)))
                    .ToList();
                var content = operation["requestBody"]?["content"]?.AsObject();
                var contentTypes = content?.Select(c => c.Key).ToList() ?? [];
                var bodySchema = content?.Select(c => c.Value?["schema"] as JsonObject).FirstOrDefault(s => s is not null);
                var secured = operation["security"] is JsonArray { Count: > 0 };
                operations.Add(new FuzzOperation(method.ToUpperInvariant(), path, responses, query, contentTypes,
                    bodySchema is null ? null : Resolve(bodySchema, schemas), secured));
            }
        }

        return operations;
    }

    /// <summary>A self-contained copy of <paramref name="schema"/>: references inlined, allOf merged into one object schema.</summary>
    public static JsonObject Resolve(JsonObject schema, JsonObject schemas, int depth = 0)
    {
        if (depth > 8)
        {
            return [];
        }

        if (schema["$ref"] is JsonValue reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            return Resolve(schemas[name]?.AsObject() ?? [], schemas, depth + 1);
        }

        var copy = schema.DeepClone().AsObject();
        if (copy["allOf"] is JsonArray parts)
        {
            copy.Remove("allOf");
            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (var part in parts.OfType<JsonObject>().Select(p => Resolve(p, schemas, depth + 1)))
            {
                foreach (var (key, value) in part["properties"]?.AsObject() ?? [])
                {
                    properties[key] = value?.DeepClone();
                }

                foreach (var name in part["required"]?.AsArray() ?? [])
                {
                    required.Add(name?.DeepClone());
                }

                if (part["example"] is { } example)
                {
                    copy["example"] = example.DeepClone();
                }
            }

            copy["type"] = "object";
            copy["properties"] = properties;
            copy["required"] = required;
        }

        if (copy["properties"] is JsonObject props)
        {
            foreach (var key in props.Select(p => p.Key).ToList())
            {
                props[key] = Resolve(props[key] as JsonObject ?? [], schemas, depth + 1);
            }
        }

        if (copy["items"] is JsonObject items)
        {
            copy["items"] = Resolve(items, schemas, depth + 1);
        }

        return copy;
    }

    public static string? Type(JsonObject schema) => schema["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String ? (string?)type : null;
}
