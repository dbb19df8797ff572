using System.Diagnostics;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Backend.Tests.Hosting;

/// <summary>
/// Lints the served document with Redocly CLI's recommended ruleset. The CLI (pinned) is installed once into a cache
/// folder (REDOCLY_CACHE_DIR, default ~/.cache/backend-tests/redocly-&lt;version&gt;); node and npm must be on PATH.
/// </summary>
public sealed class OpenApiLintTests(HostFixture fixture, ITestOutputHelper output) : IClassFixture<HostFixture>
{
    public const string RedoclyVersion = "2.77.0";

    /// <summary>Warnings the README lists with their reason; any other warning fails.</summary>
    private static readonly HashSet<string> AcceptedWarnings = ["info-license"];

    [Fact]
    public async Task Redocly_recommended_rules_report_no_errors_and_only_the_accepted_warnings()
    {
        var work = Directory.CreateTempSubdirectory("openapi-lint-");
        try
        {
            var file = Path.Combine(work.FullName, "openapi.json");
            await File.WriteAllTextAsync(file, await fixture.Host.Client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)));
            var redocly = await InstallRedoclyAsync();

            var (exit, stdout, stderr) = await RunAsync(redocly, ["lint", file, "--format=json"], work.FullName);

            output.WriteLine(stderr);
            var report = JsonDocument.Parse(stdout[stdout.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
            var problems = report.GetProperty("problems").EnumerateArray()
                .Select(p => (Rule: p.GetProperty("ruleId").GetString()!, Severity: p.GetProperty("severity").GetString()!, Message: p.GetProperty("message").GetString()!,
                    Where: string.Join(", ", p.GetProperty("location").EnumerateArray().Select(l => l.TryGetProperty("pointer", out var pointer) ? pointer.GetString() : ""))))
                .ToList();
            foreach (var problem in problems)
            {
                output.WriteLine($"{problem.Severity} {problem.Rule} at {problem.Where}: {problem.Message}");
            }

            problems.Where(p => p.Severity == "error").ShouldBeEmpty();
            problems.Where(p => !AcceptedWarnings.Contains(p.Rule)).ShouldBeEmpty();
            exit.ShouldBe(0);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<string> InstallRedoclyAsync()
    {
        var cache = Environment.GetEnvironmentVariable("REDOCLY_CACHE_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "backend-tests", "redocly-" + RedoclyVersion);
        var cli = Path.Combine(cache, "node_modules", ".bin", "redocly");
        if (!File.Exists(cli))
        {
            Directory.CreateDirectory(cache);
            var (exit, stdout, stderr) = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--prefix", cache, "@redocly/cli@" + RedoclyVersion], cache);
            exit.ShouldBe(0, $"npm install @redocly/cli@{RedoclyVersion} failed (node and npm must be installed):\n{stdout}\n{stderr}");
        }

        return cli;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> arguments, string directory)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
