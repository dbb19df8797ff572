using System.Text;
using System.Text.Json;

namespace Backend.Api.Features.Entities;

/// <summary>Limits on free-form metadata: a JSON object, ≤ 10 KB serialized, nesting depth ≤ 5, ≤ 50 keys in total.</summary>
internal static class MetadataRules
{
    public const int MaxBytes = 10 * 1024;
    public const int MaxDepth = 5;
    public const int MaxKeys = 50;

    public sealed record Failure(string Rule, string Message);

    public static Failure? Check(JsonElement? metadata)
    {
        if (metadata is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return new Failure("object", "must be a JSON object");
        }

        if (Encoding.UTF8.GetByteCount(value.GetRawText()) > MaxBytes)
        {
            return new Failure("max_size", $"must be at most {MaxBytes} bytes when serialized");
        }

        var keys = 0;
        var depth = Depth(value, 1, ref keys);
        if (depth > MaxDepth)
        {
            return new Failure("max_depth", $"must nest at most {MaxDepth} levels deep");
        }

        if (keys > MaxKeys)
        {
            return new Failure("max_keys", $"must have at most {MaxKeys} keys in total");
        }

        return ContainsNul(value) ? new Failure("characters", EntityFieldsRules.NulMessage) : null;
    }

    /// <summary>True when a key or string value holds NUL, which jsonb rejects.</summary>
    public static bool ContainsNul(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => !EntityFieldsRules.HasNoNul(p.Name) || ContainsNul(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(ContainsNul),
        JsonValueKind.String => !EntityFieldsRules.HasNoNul(element.GetString()),
        _ => false,
    };

    /// <summary>The canonical text stored in the database ({} when absent).</summary>
    public static string Serialize(JsonElement? metadata) =>
        metadata is { ValueKind: JsonValueKind.Object } value ? value.GetRawText() : "{}";

    private static int Depth(JsonElement element, int level, ref int keys)
    {
        var deepest = level;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    keys++;
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        deepest = Math.Max(deepest, Depth(property.Value, level + 1, ref keys));
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        deepest = Math.Max(deepest, Depth(item, level + 1, ref keys));
                    }
                }

                break;
        }

        return deepest;
    }
}
