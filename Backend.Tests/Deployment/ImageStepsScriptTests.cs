using System.Diagnostics;

namespace Backend.Tests.Deployment;

/// <summary>
/// No Docker engine runs where the tests run, so the image is validated by performing its steps without Docker:
/// publish, run the published binary with the compose environment against PostgreSQL, wait for readiness.
/// </summary>
public sealed class ImageStepsScriptTests
{
    [Fact]
    public async Task Image_steps_script_publishes_starts_and_reports_ready()
    {
        var start = new ProcessStartInfo("bash", [RepositoryFiles.PathOf("scripts", "image-steps.sh")])
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The script publishes its own build; variables of the test run must not leak into it.
        foreach (var name in new[] { "DATABASE_URL", "PORT", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var log = await output + await error;
        process.ExitCode.ShouldBe(0, log);
        log.ShouldContain("GET /health/ready: 200");
        log.ShouldContain("healthcheck mode: exit 0");
    }
}
