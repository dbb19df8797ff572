using System.Globalization;
using Npgsql;

namespace Backend.Api.Hosting.Settings;

/// <summary>Reads typed values from environment variables, collecting every problem instead of stopping at the first.</summary>
internal sealed class SettingsReader(IReadOnlyDictionary<string, string?> values)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public void Fail(string name, string rule) => _errors.Add($"{name}: {rule}");

    public string? Raw(string name) =>
        values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string String(string name, string fallback) => Raw(name) ?? fallback;

    public int Int(string name, int fallback, int min, int max)
    {
        var raw = Raw(name);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Fail(name, $"'{raw}' is not a whole number between {min} and {max}");
            return fallback;
        }

        return value;
    }

    public bool Bool(string name, bool fallback)
    {
        var raw = Raw(name);
        switch (raw?.ToLowerInvariant())
        {
            case null:
                return fallback;
            case "true" or "1" or "yes" or "on":
                return true;
            case "false" or "0" or "no" or "off":
                return false;
            default:
                Fail(name, $"'{raw}' is not a boolean (true/false)");
                return fallback;
        }
    }

    /// <summary>A duration: plain seconds (<c>30</c>) or a number with a unit: <c>500ms</c>, <c>30s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>.</summary>
    public TimeSpan Duration(string name, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        var raw = Raw(name);
        if (raw is null)
        {
            return fallback;
        }

        if (!TryParseDuration(raw, out var value) || value < min || value > max)
        {
            Fail(name, $"'{raw}' is not a duration between {Describe(min)} and {Describe(max)} (e.g. 30, 30s, 15m, 7d)");
            return fallback;
        }

        return value;
    }

    public string OneOf(string name, string fallback, params string[] allowed)
    {
        var raw = Raw(name);
        if (raw is null)
        {
            return fallback;
        }

        var match = allowed.FirstOrDefault(a => string.Equals(a, raw, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Fail(name, $"'{raw}' is not one of {string.Join(", ", allowed)}");
            return fallback;
        }

        return match;
    }

    /// <summary>A postgres:// URI or Npgsql keyword string (<see cref="Backend.Data.Postgres.DatabaseUrl"/>); null when unset or invalid (the error is recorded).</summary>
    public NpgsqlConnectionStringBuilder? DatabaseUrl(string name)
    {
        var raw = Raw(name);
        if (raw is null)
        {
            return null;
        }

        if (Backend.Data.Postgres.DatabaseUrl.TryParse(raw, out var parsed, out var error))
        {
            return parsed;
        }

        Fail(name, error);
        return null;
    }

    public IReadOnlyList<string> List(string name, string fallback) =>
        String(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static bool TryParseDuration(string raw, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var text = raw.Trim().ToLowerInvariant();
        (string number, double unitSeconds) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ when text.EndsWith('d') => (text[..^1], 86400),
            _ => (text, 1),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0 || double.IsInfinity(amount))
        {
            return false;
        }

        value = TimeSpan.FromSeconds(amount * unitSeconds);
        return true;
    }

    private static string Describe(TimeSpan value) =>
        value.TotalDays >= 1 && value.TotalDays == Math.Floor(value.TotalDays) ? $"{value.TotalDays:0}d"
        : value.TotalSeconds >= 1 ? $"{value.TotalSeconds:0.###}s"
        : $"{value.TotalMilliseconds:0}ms";
}
