using Backend.Data.Events;

namespace Backend.Api.Features.Events.Streaming;

/// <summary>
/// Which events a subscriber wants: event types (exact, or a prefix such as <c>entity.*</c>) and entity ids (an event
/// matches when it is about one of them: the entity, either end of a relationship, a document or job). Empty: all.
/// </summary>
internal sealed record EventFilter(IReadOnlyCollection<string> Types, IReadOnlyCollection<Guid> EntityIds)
{
    public const int MaxItems = 100;

    public static EventFilter All { get; } = new([], []);

    public bool Matches(EventRow row) =>
        (Types.Count == 0 || Types.Any(t => TypeMatches(t, row.EventType)))
        && (EntityIds.Count == 0 || row.SubjectIds.Any(EntityIds.Contains));

    private static bool TypeMatches(string pattern, string eventType) =>
        pattern.EndsWith(".*", StringComparison.Ordinal)
            ? eventType.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, eventType, StringComparison.Ordinal);

    /// <summary>Parses comma-separated types and ids; returns an error message for the first bad item.</summary>
    public static (EventFilter? Filter, string? Error) Parse(IEnumerable<string> types, IEnumerable<string> entityIds)
    {
        var typeList = types.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        var idTexts = entityIds.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (typeList.Count > MaxItems || idTexts.Count > MaxItems)
        {
            return (null, $"at most {MaxItems} event types and {MaxItems} entity ids");
        }

        if (typeList.FirstOrDefault(t => !IsTypePattern(t)) is { } badType)
        {
            return (null, $"'{badType}' is not an event type like entity.created or a prefix like entity.*");
        }

        var ids = new HashSet<Guid>();
        foreach (var text in idTexts)
        {
            if (!Guid.TryParse(text, out var id))
            {
                return (null, $"'{text}' is not a UUID");
            }

            ids.Add(id);
        }

        return (new EventFilter(typeList, ids), null);
    }

    private static bool IsTypePattern(string value) =>
        value.Length is > 0 and <= 100 && value.All(c => c is (>= 'a' and <= 'z') or '_' or '.' or '*')
        && (!value.Contains('*', StringComparison.Ordinal) || (value.EndsWith(".*", StringComparison.Ordinal) && value.IndexOf('*', StringComparison.Ordinal) == value.Length - 1));
}
