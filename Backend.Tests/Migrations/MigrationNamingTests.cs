using System.Text.RegularExpressions;
using Backend.Data.Migrations;

namespace Backend.Tests.Migrations;

public sealed partial class MigrationNamingTests
{
    private static string RepositorySql()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backend.sln")))
            {
                return Path.Combine(dir.FullName, "sql");
            }
        }

        throw new InvalidOperationException("Backend.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_file_in_sql_follows_the_naming_rule_and_the_numbers_are_unique_and_contiguous_within_blocks()
    {
        var files = Directory.GetFiles(RepositorySql()).Select(Path.GetFileName).Where(f => f != "README.md").Order(StringComparer.Ordinal).ToList();

        files.ShouldNotBeEmpty();
        files.ShouldAllBe(f => NamingRule().IsMatch(f!));
        var numbers = files.Select(f => int.Parse(f![..4], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        numbers.ShouldBeUnique();
        numbers[0].ShouldBe(1);
        // Contiguous, except that a block of ten owned by a parallel branch (0030–0039, …) may start after a gap.
        numbers.Zip(numbers.Skip(1)).ShouldAllBe(pair => pair.Second == pair.First + 1 || pair.Second % 10 == 0);
    }

    [Fact]
    public void Every_file_in_sql_is_picked_up_by_the_runner_and_shipped_beside_the_binary()
    {
        var inRepository = Directory.GetFiles(RepositorySql(), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        MigrationScripts.Load(RepositorySql()).Select(s => s.Name).ShouldBe(inRepository);
        MigrationScripts.Load(MigrationScripts.DefaultDirectory).Select(s => s.Name).ShouldBe(inRepository);
    }

    [Fact]
    public void Every_script_starts_with_a_comment_header_saying_why()
    {
        foreach (var script in MigrationScripts.Load(RepositorySql()))
        {
            script.Contents.TrimStart().ShouldStartWith("--", customMessage: script.Name);
        }
    }

    [Theory]
    [InlineData("1_create_users.sql", "must be named")]
    [InlineData("0001_CreateUsers.sql", "must be named")]
    [InlineData("0002_create_users.sql", "without gaps")]
    public void Badly_named_or_numbered_scripts_are_rejected_with_the_file_name(string name, string rule)
    {
        var dir = Directory.CreateTempSubdirectory("backend-naming-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, name), "-- test\nSELECT 1;");

            var failure = Should.Throw<MigrationException>(() => MigrationScripts.Load(dir.FullName));

            failure.Message.ShouldContain(name);
            failure.Message.ShouldContain(rule);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Two_scripts_with_the_same_number_are_rejected()
    {
        var dir = Directory.CreateTempSubdirectory("backend-naming-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "0001_create_a.sql"), "-- a");
            File.WriteAllText(Path.Combine(dir.FullName, "0001_create_b.sql"), "-- b");

            Should.Throw<MigrationException>(() => MigrationScripts.Load(dir.FullName)).Message.ShouldContain("share the number 0001");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^\d{4}_[a-z][a-z0-9]*(_[a-z0-9]+)+\.sql$")]
    private static partial Regex NamingRule();
}
