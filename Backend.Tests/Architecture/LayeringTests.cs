using System.Text.RegularExpressions;
using Backend.Tests.Deployment;

namespace Backend.Tests.Architecture;

/// <summary>
/// The rules of the README's "Where things live": Hosting wires the process, Http is the endpoint kit, slices own their
/// logic, SQL lives in Backend.Data. Each test reads the source files and names every file that breaks its rule.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string ApiRoot = RepositoryFiles.PathOf("Backend.Api");

    [Fact]
    public void Features_and_Http_never_import_Hosting()
    {
        var offenders = SourceFiles("Features").Concat(SourceFiles("Http"))
            .Where(f => Usings(f).Any(u => u == "Backend.Api.Hosting" || u.StartsWith("Backend.Api.Hosting.", StringComparison.Ordinal)))
            .Select(Relative)
            .ToList();

        offenders.ShouldBeEmpty("Features/ and Http/ must not import Backend.Api.Hosting");
    }

    [Fact]
    public void Http_never_imports_a_slice()
    {
        var offenders = SourceFiles("Http")
            .Where(f => Usings(f).Any(u => u.StartsWith("Backend.Api.Features", StringComparison.Ordinal)) || File.ReadAllText(f).Contains("Backend.Api.Features", StringComparison.Ordinal))
            .Select(Relative)
            .ToList();

        offenders.ShouldBeEmpty("Http/ imports only Backend.Data and the frameworks");
    }

    [Fact]
    public void Hosting_names_only_a_slices_registration_surface()
    {
        // A slice's root namespace holds its registration method and settings; everything below it is the slice's own.
        var offenders = SourceFiles("Hosting")
            .SelectMany(f => Usings(f).Where(u => SliceInnerNamespace().IsMatch(u)).Select(u => $"{Relative(f)}: using {u}"))
            .ToList();

        offenders.ShouldBeEmpty("Hosting/ calls AddXxxSlice() and never names a slice's inner types");
    }

    [Fact]
    public void Only_Program_and_the_test_host_import_Hosting_from_outside_it()
    {
        var offenders = Directory.EnumerateFiles(ApiRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && !f.StartsWith(Path.Combine(ApiRoot, "Hosting") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "Program.cs")
            .Where(f => Usings(f).Any(u => u.StartsWith("Backend.Api.Hosting", StringComparison.Ordinal)))
            .Select(Relative)
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void Sql_against_the_backend_schemas_lives_only_in_Backend_Data()
    {
        var offenders = Directory.EnumerateFiles(ApiRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .Where(f => SqlStatement().IsMatch(File.ReadAllText(f)))
            .Select(Relative)
            .ToList();

        offenders.ShouldBeEmpty("SELECT/INSERT/UPDATE/DELETE against backend_* belongs in a Backend.Data repository");
    }

    [Fact]
    public void Every_repository_is_registered_by_AddBackendData()
    {
        var registration = RepositoryFiles.Read("Backend.Data", "DataServiceCollectionExtensions.cs");
        var repositories = Directory.EnumerateFiles(RepositoryFiles.PathOf("Backend.Data"), "*Repository.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();

        repositories.ShouldNotBeEmpty();
        repositories.Where(r => !registration.Contains($"AddSingleton<{r}>()", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void The_rules_catch_a_violation()
    {
        // The checks above read real files; this proves their patterns match what they are meant to catch.
        SqlStatement().IsMatch("\"SELECT id FROM backend_auth.users WHERE id = @id\"").ShouldBeTrue();
        SqlStatement().IsMatch("UPDATE backend_entities.entities SET name = @name").ShouldBeTrue();
        SqlStatement().IsMatch("// the users table lives in backend_auth").ShouldBeFalse();
        SliceInnerNamespace().IsMatch("Backend.Api.Features.Auth.Tokens").ShouldBeTrue();
        SliceInnerNamespace().IsMatch("Backend.Api.Features.Auth").ShouldBeFalse();
        Usings("using Backend.Api.Hosting.Settings;\nusing static Backend.Api.Http.Problems;\nnamespace X;").ShouldBe(["Backend.Api.Hosting.Settings", "Backend.Api.Http.Problems"]);
    }

    private static IEnumerable<string> SourceFiles(string folder)
    {
        var root = Path.Combine(ApiRoot, folder);
        Directory.Exists(root).ShouldBeTrue($"{root} is missing");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(f));
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static List<string> Usings(string fileOrSource)
    {
        var source = File.Exists(fileOrSource) ? File.ReadAllText(fileOrSource) : fileOrSource;
        return UsingDirective().Matches(source).Select(m => m.Groups["ns"].Value).ToList();
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryFiles.Root, path);

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?<ns>[A-Za-z_][\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^Backend\.Api\.Features\.\w+\.\w+")]
    private static partial Regex SliceInnerNamespace();

    [GeneratedRegex(@"\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|FROM|JOIN)\s+backend_\w+\.", RegexOptions.IgnoreCase)]
    private static partial Regex SqlStatement();
}
