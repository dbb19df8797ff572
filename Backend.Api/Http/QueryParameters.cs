using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using FastEndpoints;

namespace Backend.Api.Http;

/// <summary>
/// The query parameters an operation accepts, read once from its request type (<c>[QueryParam]</c> properties, named by
/// <c>[BindFrom]</c>), and the check every request gets: an unknown parameter or an unknown enum value is a 400 problem
/// that names it, lists what is accepted and, when a close name exists, suggests it.
/// </summary>
internal static class QueryParameters
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> Cache = new();

    /// <summary>The snake_case names of each enum a parameter binds to.</summary>
    private static readonly ConcurrentDictionary<Type, string[]> EnumNames = new();

    /// <summary>Names other clients use for parameters this API calls differently.</summary>
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["skip"] = "offset",
        ["page_size"] = "limit",
        ["per_page"] = "limit",
        ["size"] = "limit",
        ["search"] = "q",
        ["query"] = "q",
        ["order_by"] = "sort",
        ["sort_by"] = "sort",
    };

    /// <summary>Accepted parameter names (case-insensitive, as the binder matches them) and the type each binds to.</summary>
    public static IReadOnlyDictionary<string, Type> Of(Type requestType) => Cache.GetOrAdd(requestType, type => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<QueryParamAttribute>() is not null)
        .ToDictionary(p => p.GetCustomAttribute<BindFromAttribute>()?.Name ?? p.Name, p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, StringComparer.OrdinalIgnoreCase));

    /// <summary>The problem answering a query string this operation does not accept, or null.</summary>
    public static ProblemResult? Check(HttpContext context, Type requestType)
    {
        if (context.Request.Query.Count == 0)
        {
            return null;
        }

        // The common case (every parameter known, every enum value valid) allocates nothing beyond the enumeration.
        var accepted = Of(requestType);
        string? list = null;
        List<FieldError>? unknown = null;
        List<FieldError>? invalid = null;
        foreach (var (name, values) in context.Request.Query)
        {
            if (!accepted.TryGetValue(name, out var type))
            {
                list ??= accepted.Count == 0 ? "none" : string.Join(", ", accepted.Keys.Order(StringComparer.Ordinal));
                var hint = Closest(name, accepted.Keys, useSynonyms: true) is { } close ? $"; did you mean {close}?" : "";
                (unknown ??= []).Add(new FieldError(name, "unknown_parameter", $"is not a query parameter of this operation; accepted: {list}{hint}"));
                continue;
            }

            if (type.IsEnum)
            {
                var names = EnumNames.GetOrAdd(type, static t => [.. Enum.GetNames(t).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n))]);
                foreach (var value in values)
                {
                    if (!names.Contains(value ?? "", StringComparer.OrdinalIgnoreCase))
                    {
                        var hint = Closest(value ?? "", names, useSynonyms: false) is { } close ? $"; did you mean {close}?" : "";
                        (invalid ??= []).Add(new FieldError(name, "allowed_values", $"must be one of: {string.Join(", ", names)}{hint}"));
                    }
                }
            }
        }

        if (unknown is not null)
        {
            return ProblemResult.Of(context, 400,
                $"Unknown query parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(e => e.Field))}; this operation accepts: {list}.",
                "unknown-parameter", "Unknown query parameter", [.. unknown, .. invalid ?? []]);
        }

        return invalid is not null ? ProblemResult.Validation(context, invalid) : null;
    }

    /// <summary>A known synonym, else the closest name by edit distance (at most a third of its length), else one that contains or extends it.</summary>
    private static string? Closest(string name, IEnumerable<string> candidates, bool useSynonyms)
    {
        var options = candidates.ToList();
        if (useSynonyms && Synonyms.TryGetValue(name, out var synonym) && options.Contains(synonym, StringComparer.OrdinalIgnoreCase))
        {
            return synonym;
        }

        var lowered = name.ToLowerInvariant();
        var nearest = options
            .Select(c => (Name: c, Distance: Distance(lowered, c.ToLowerInvariant())))
            .Where(x => x.Distance <= Math.Max(1, Math.Max(lowered.Length, x.Name.Length) / 3))
            .OrderBy(x => x.Distance)
            .Select(x => x.Name)
            .FirstOrDefault();
        return nearest ?? options
            .Where(c => c.Length >= 3 && (lowered.Contains(c, StringComparison.OrdinalIgnoreCase) || (c.StartsWith(lowered, StringComparison.OrdinalIgnoreCase) && lowered.Length >= 3)))
            .OrderByDescending(c => c.Length)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
