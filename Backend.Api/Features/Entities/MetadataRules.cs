using System.Text;
using System.Text.Json;
using Backend.Api.Http;

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

        if (ContainsNul(value))
        {
            return new Failure("characters", RequestText.CharactersMessage);
        }

        if (StoredBytes(value) > MaxBytes)
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

        return null;
    }

    /// <summary>True when a key or string value holds NUL or an unpaired surrogate, which jsonb rejects.</summary>
    public static bool ContainsNul(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => !IsStorable(() => p.Name) || ContainsNul(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(ContainsNul),
        JsonValueKind.String => !IsStorable(element.GetString),
        _ => false,
    };

    /// <summary>Reading an unpaired surrogate escape throws; such text is not storable either.</summary>
    private static bool IsStorable(Func<string?> read)
    {
        try
        {
            return read() is not { } text || RequestText.IsStorable(text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The canonical text stored in the database ({} when absent).</summary>
    public static string Serialize(JsonElement? metadata) =>
        metadata is { ValueKind: JsonValueKind.Object } value ? value.GetRawText() : "{}";

    /// <summary>
    /// The size the database's CHECK measures: octet_length(metadata::text), i.e. jsonb's own rendering with
    /// ": " and ", " separators, its string escapes and numbers in plain notation (1e300 is 301 digits).
    /// Measuring the text as sent would let compact JSON pass here and fail the INSERT.
    /// </summary>
    private static long StoredBytes(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().ToList();
                return 2 + properties.Sum(p => StringBytes(p.Name) + 2 + StoredBytes(p.Value)) + (2L * Math.Max(0, properties.Count - 1));
            case JsonValueKind.Array:
                var items = element.EnumerateArray().ToList();
                return 2 + items.Sum(StoredBytes) + (2L * Math.Max(0, items.Count - 1));
            case JsonValueKind.String:
                return StringBytes(element.GetString()!);
            case JsonValueKind.Number:
                return NumberBytes(element.GetRawText());
            case JsonValueKind.False:
                return 5;
            default:
                return 4;
        }
    }

    /// <summary>A string as jsonb writes it: quoted, with \" \\ \b \f \n \r \t and \u00XX for other control characters.</summary>
    private static long StringBytes(string value)
    {
        long bytes = 2 + Encoding.UTF8.GetByteCount(value);
        foreach (var c in value)
        {
            bytes += c switch
            {
                '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' => 1,
                < ' ' => 5,
                _ => 0,
            };
        }

        return bytes;
    }

    /// <summary>A JSON number as PostgreSQL's numeric prints it: sign, integer digits, and the fraction digits the input implies.</summary>
    private static long NumberBytes(string raw)
    {
        var sign = raw.StartsWith('-') ? 1 : 0;
        var text = raw[sign..];
        var e = text.IndexOfAny(['e', 'E']);
        if (e >= 0 && !long.TryParse(text[(e + 1)..], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return long.MaxValue / 2;
        }

        // Beyond a million digits either way the number is far over the limit; clamping keeps the arithmetic safe.
        var exponent = e < 0 ? 0 : Math.Clamp(long.Parse(text[(e + 1)..], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture), -1_000_000, 1_000_000);
        var mantissa = e < 0 ? text : text[..e];
        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa : mantissa[..point];
        var fractionDigits = point < 0 ? 0 : mantissa.Length - point - 1;
        var digits = integerDigits + (point < 0 ? "" : mantissa[(point + 1)..]);
        var significant = digits.TrimStart('0');
        // Position of the decimal point counted from the first significant digit.
        var integerLength = significant.Length == 0 ? 1 : Math.Max(1, integerDigits.Length + exponent - (digits.Length - significant.Length));
        var scale = Math.Max(0, fractionDigits - exponent);
        return sign + integerLength + (scale > 0 ? 1 + scale : 0);
    }

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
