using System.Text.RegularExpressions;

namespace Backend.Tests.Deployment;

/// <summary>The variables of .env.example: active lines (<c>NAME=value</c>) and documented defaults (<c># NAME=value</c>).</summary>
internal static partial class EnvExampleFile
{
    public sealed record Entry(string Name, string Value, bool Active);

    public static IReadOnlyList<Entry> Entries()
    {
        var entries = new List<Entry>();
        foreach (var line in RepositoryFiles.Read(".env.example").Split('\n'))
        {
            var match = EntryPattern().Match(line.TrimEnd('\r'));
            if (match.Success)
            {
                entries.Add(new Entry(match.Groups["name"].Value, match.Groups["value"].Value, match.Groups["comment"].Length == 0));
            }
        }

        return entries;
    }

    [GeneratedRegex(@"^(?<comment>#\s*)?(?<name>[A-Z][A-Z0-9_]*)=(?<value>.*)$")]
    private static partial Regex EntryPattern();
}
