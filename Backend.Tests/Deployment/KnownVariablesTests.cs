using System.Text.RegularExpressions;
using Backend.Api.Hosting.Settings;

namespace Backend.Tests.Deployment;

public sealed partial class KnownVariablesTests
{
    [Fact]
    public void Every_variable_the_settings_code_reads_is_a_known_variable()
    {
        var read = VariablesReadBySource();

        read.ShouldContain("DATABASE_URL");
        read.ShouldContain("PORT");
        read.Where(name => !KnownVariables.Contains(name)).ShouldBeEmpty("add these to Backend.Api/Hosting/KnownVariables.cs and .env.example");
    }

    [Fact]
    public void Known_variables_are_unique_upper_snake_case_names()
    {
        KnownVariables.Names.Distinct(StringComparer.Ordinal).Count().ShouldBe(KnownVariables.Names.Count);
        KnownVariables.Names.ShouldAllBe(name => VariableName().IsMatch(name));
    }

    [Fact]
    public void Env_example_documents_every_known_variable()
    {
        var documented = EnvExampleFile.Entries().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);

        KnownVariables.Names.Where(name => !documented.Contains(name)).ShouldBeEmpty();
    }

    /// <summary>Names passed to the settings reader (<c>read.Int("PORT", …)</c>, <c>Raw("DATABASE_URL")</c>) or read directly from the environment.</summary>
    private static List<string> VariablesReadBySource()
    {
        var sources = new[] { "Backend.Api", "Backend.Data" }
            .SelectMany(project => Directory.EnumerateFiles(RepositoryFiles.PathOf(project), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        return sources
            .SelectMany(path => ReadCall().Matches(File.ReadAllText(path)))
            .Select(match => match.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex("""(?:\bread\w*\.\w+|\bRaw|GetEnvironmentVariable)\(\s*"(?<name>[A-Z][A-Z0-9_]*)"[,)]""")]
    private static partial Regex ReadCall();

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex VariableName();
}
