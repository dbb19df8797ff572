using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backend.Tests.Fuzz;

/// <summary>A request body to send: raw text (null = no body at all) and its Content-Type (null = none).</summary>
internal sealed record FuzzBody(string Name, string? Content, string? ContentType);

/// <summary>Builds a valid body from a schema and the mutations of it the fuzzer sends.</summary>
internal sealed class FuzzBodies(Guid firstEntity, Guid secondEntity)
{
    public const string Json = "application/json";

    private static readonly string HundredKilobytes = new('x', 100 * 1024);

    /// <summary>Best effort: the schema's example, else values built from the properties; ids point at seeded entities.</summary>
    public JsonNode? Valid(JsonObject schema, string? name = null)
    {
        var node = schema["example"] is { } example && example.GetValueKind() != JsonValueKind.Null
            ? example.DeepClone()
            : Build(schema, name);
        return node is JsonObject obj ? WithSeededIds(obj, schema) : node;
    }

    private JsonNode? Build(JsonObject schema, string? name)
    {
        switch (OpenApiOperations.Type(schema))
        {
            case "object":
                var result = new JsonObject();
                foreach (var (key, property) in schema["properties"]?.AsObject() ?? [])
                {
                    result[key] = Valid(property!.AsObject(), key);
                }

                return result;
            case "array":
                return name == "ids" || (schema["items"]?["format"] is JsonValue)
                    ? new JsonArray(firstEntity.ToString(), secondEntity.ToString())
                    : new JsonArray(Valid(schema["items"]?.AsObject() ?? [], name));
            case "string":
                return (string?)schema["format"] is "guid" or "uuid" ? IdFor(name).ToString()
                    : schema["pattern"] is not null ? "fuzz_value"
                    : name?.Contains("email", StringComparison.Ordinal) == true ? $"fuzz-{Guid.NewGuid():N}@example.com"
                    : "Fuzz value " + Guid.NewGuid().ToString("N")[..8];
            case "integer":
                return 1;
            case "number":
                return 0.5;
            case "boolean":
                return false;
            default:
                return null;
        }
    }

    private JsonObject WithSeededIds(JsonObject body, JsonObject schema)
    {
        foreach (var (key, property) in schema["properties"]?.AsObject() ?? [])
        {
            if ((string?)property?["format"] is "guid" or "uuid" && body.ContainsKey(key))
            {
                body[key] = IdFor(key).ToString();
            }
        }

        return body;
    }

    private Guid IdFor(string? name) => name?.StartsWith("target", StringComparison.Ordinal) == true ? secondEntity : firstEntity;

    /// <summary>The mutations, most telling first; the caller caps how many it sends.</summary>
    public IEnumerable<FuzzBody> Mutations(JsonObject schema, bool acceptsForm)
    {
        var valid = Valid(schema);
        var text = valid?.ToJsonString() ?? "{}";
        yield return new FuzzBody("valid", text, Json);
        yield return new FuzzBody("no body", null, null);
        yield return new FuzzBody("empty body", "", Json);
        yield return new FuzzBody("not json", "this is { not json", Json);
        yield return new FuzzBody("text/plain", text, "text/plain");
        if (!acceptsForm)
        {
            yield return new FuzzBody("form", "name=x&type=y", "application/x-www-form-urlencoded");
        }

        yield return new FuzzBody("deep arrays", new string('[', 200) + new string(']', 200), Json);
        yield return new FuzzBody("deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200), Json);
        yield return new FuzzBody("json null", "null", Json);
        yield return new FuzzBody("json array", "[]", Json);
        yield return new FuzzBody("json string", "\"x\"", Json);
        yield return new FuzzBody("unknown property", With(valid, "fuzz_unknown_property", 1), Json);

        if (valid is not JsonObject obj || obj.Count == 0)
        {
            yield return new FuzzBody("duplicated keys", "{\"a\":1,\"a\":2}", Json);
            yield break;
        }

        var first = obj.First();
        yield return new FuzzBody("duplicated keys", "{" + JsonSerializer.Serialize(first.Key) + ":" + (first.Value?.ToJsonString() ?? "null") + "," + text[1..], Json);
        yield return new FuzzBody("deep value", Raw(obj, first.Key, new string('[', 200) + new string(']', 200)), Json);

        var properties = schema["properties"]?.AsObject() ?? [];
        foreach (var required in schema["required"]?.AsArray().Select(r => (string?)r).OfType<string>() ?? [])
        {
            var missing = obj.DeepClone().AsObject();
            missing.Remove(required);
            yield return new FuzzBody($"missing {required}", missing.ToJsonString(), Json);
        }

        foreach (var (key, property) in properties)
        {
            var type = OpenApiOperations.Type(property!.AsObject());
            yield return new FuzzBody($"{key} wrong type", With(valid, key, type == "string" ? JsonValue.Create(12345) : JsonValue.Create("not-a-" + (type ?? "value"))), Json);
            yield return new FuzzBody($"{key} null", With(valid, key, null), Json);
            yield return new FuzzBody($"{key} object", With(valid, key, new JsonObject { ["a"] = 1 }), Json);
            yield return new FuzzBody($"{key} array", With(valid, key, new JsonArray(1, "x")), Json);
        }

        foreach (var (key, property) in properties)
        {
            var schemaOf = property!.AsObject();
            switch (OpenApiOperations.Type(schemaOf))
            {
                case "string" when (string?)schemaOf["format"] is "guid" or "uuid":
                    foreach (var bad in new[] { "not-a-uuid", "../../etc/passwd", "☃", Guid.Empty.ToString(), Guid.NewGuid().ToString() })
                    {
                        yield return new FuzzBody($"{key} uuid {bad}", With(valid, key, bad), Json);
                    }

                    break;
                case "string":
                    var max = schemaOf["maxLength"] is JsonValue m ? (int)m : (int?)null;
                    yield return new FuzzBody($"{key} empty", With(valid, key, ""), Json);
                    if (max is not null)
                    {
                        yield return new FuzzBody($"{key} max+1", With(valid, key, new string('m', max.Value + 1)), Json);
                    }

                    yield return new FuzzBody($"{key} 100 KB", With(valid, key, HundredKilobytes), Json);
                    yield return new FuzzBody($"{key} unicode", With(valid, key, "Fuzz 😀 עברית \u202Eevil\u200B 𝔘"), Json);
                    yield return new FuzzBody($"{key} control", With(valid, key, "a\u0000b\u0007c\u001B"), Json);
                    yield return new FuzzBody($"{key} lone surrogate", Raw(obj, key, "\"\\uD800x\""), Json);
                    break;
                case "integer":
                case "number":
                    foreach (var number in new[] { "-1", "0", "1", "1e308", "-1e308", "2147483648", "0.0000001" })
                    {
                        yield return new FuzzBody($"{key} {number}", Raw(obj, key, number), Json);
                    }

                    yield return new FuzzBody($"{key} NaN string", With(valid, key, "NaN"), Json);
                    break;
                case "boolean":
                    yield return new FuzzBody($"{key} \"true\"", With(valid, key, "true"), Json);
                    break;
                case "array":
                    yield return new FuzzBody($"{key} empty array", With(valid, key, new JsonArray()), Json);
                    yield return new FuzzBody($"{key} 5000 items", With(valid, key, new JsonArray(Enumerable.Repeat(0, 5000).Select(_ => (JsonNode?)(properties[key]?["items"]?["format"] is JsonValue ? Guid.NewGuid().ToString() : "x")).ToArray())), Json);
                    break;
                default:
                    yield return new FuzzBody($"{key} deep", Raw(obj, key, string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)), Json);
                    yield return new FuzzBody($"{key} control key", With(valid, key, new JsonObject { ["k\u0000\u0007"] = "v\u0000" }), Json);
                    break;
            }
        }
    }

    private static string With(JsonNode? valid, string key, JsonNode? value)
    {
        var copy = valid is JsonObject obj ? obj.DeepClone().AsObject() : [];
        copy[key] = value;
        return copy.ToJsonString();
    }

    /// <summary>The valid body with <paramref name="key"/> set to raw JSON text (numbers that JsonNode would reformat).</summary>
    private static string Raw(JsonObject valid, string key, string rawValue)
    {
        var builder = new StringBuilder("{");
        builder.Append(JsonSerializer.Serialize(key)).Append(':').Append(rawValue);
        foreach (var (name, value) in valid.Where(p => p.Key != key))
        {
            builder.Append(',').Append(JsonSerializer.Serialize(name)).Append(':').Append(value?.ToJsonString() ?? "null");
        }

        return builder.Append('}').ToString();
    }

    /// <summary>Values for a query parameter: boundaries, wrong types, invalid ids, unicode, control characters, oversized.</summary>
    public static IEnumerable<string> QueryValues(JsonObject schema)
    {
        string[] common = ["", "-1", "0", "1", "2147483648", "1e308", "NaN", "not-a-uuid", "☃😀", "a\u0000b\u0007", new string('q', 5000)];
        return OpenApiOperations.Type(schema) switch
        {
            "boolean" => common.Append("true").Append("TRUE"),
            "string" when (string?)schema["format"] is "guid" or "uuid" => common.Append(Guid.NewGuid().ToString()),
            _ => common.Append(double.MaxValue.ToString(CultureInfo.InvariantCulture)),
        };
    }
}
