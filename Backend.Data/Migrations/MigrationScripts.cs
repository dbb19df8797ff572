using System.Globalization;
using System.Text.RegularExpressions;

namespace Backend.Data.Migrations;

/// <summary>Loads <c>sql/*.sql</c> and enforces the naming rule: four digits, snake_case, unique, contiguous from 0001.</summary>
public static partial class MigrationScripts
{
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "sql");

    public static IReadOnlyList<MigrationScript> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new MigrationException($"The migrations folder {directory} does not exist.");
        }

        var problems = new List<string>();
        var scripts = new List<MigrationScript>();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (!name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var match = NamePattern().Match(name);
            if (!match.Success)
            {
                problems.Add($"{name}: must be named NNNN_verb_object.sql (four digits, lowercase snake_case)");
                continue;
            }

            scripts.Add(new MigrationScript(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), name, File.ReadAllText(path)));
        }

        foreach (var duplicate in scripts.GroupBy(s => s.Number).Where(g => g.Count() > 1))
        {
            problems.Add($"{string.Join(", ", duplicate.Select(s => s.Name))}: share the number {duplicate.Key:D4}");
        }

        var numbers = scripts.Select(s => s.Number).Distinct().Order().ToList();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (numbers[i] != i + 1)
            {
                problems.Add($"{scripts.First(s => s.Number == numbers[i]).Name}: numbers must run 0001, 0002, … without gaps (expected {i + 1:D4})");
                break;
            }
        }

        if (problems.Count > 0)
        {
            throw new MigrationException("Invalid migration scripts in " + directory + ": " + string.Join("; ", problems));
        }

        return scripts.OrderBy(s => s.Number).ToList();
    }

    [GeneratedRegex(@"^(\d{4})_[a-z][a-z0-9]*(_[a-z0-9]+)+\.sql$")]
    private static partial Regex NamePattern();
}
