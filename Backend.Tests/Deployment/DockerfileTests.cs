using System.Globalization;
using System.Xml.Linq;
using Backend.Api.Hosting;
using Backend.Api.Hosting.Settings;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Deployment;

public sealed class DockerfileTests
{
    private static readonly DockerfileInstructions Dockerfile = DockerfileInstructions.Load();

    private static int Runtime => Dockerfile.LastStage;

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_10_runtime()
    {
        var stages = Dockerfile.Named("FROM").Select(i => i.Arguments.Split(' ')[0]).ToList();

        stages.Count.ShouldBeGreaterThanOrEqualTo(2);
        stages[0].ShouldBe("mcr.microsoft.com/dotnet/sdk:10.0");
        stages[^1].ShouldBe("mcr.microsoft.com/dotnet/aspnet:10.0");
    }

    [Fact]
    public void Runtime_stage_runs_as_the_non_root_app_user()
    {
        var user = Dockerfile.Named("USER", Runtime).ShouldHaveSingleItem().Arguments;

        user.ShouldBeOneOf("app", ServiceFacts.AppUserId.ToString(CultureInfo.InvariantCulture));
        Dockerfile.All.Last(i => i.Stage == Runtime && i.Keyword is "USER" or "RUN").Keyword.ShouldBe("USER");
    }

    [Fact]
    public void Exposes_and_sets_the_port_the_service_listens_on()
    {
        var port = ServiceFacts.DefaultPort.ToString(CultureInfo.InvariantCulture);

        Dockerfile.Named("EXPOSE", Runtime).ShouldHaveSingleItem().Arguments.ShouldBe(port);
        var env = string.Join(' ', Dockerfile.Named("ENV", Runtime).Select(i => i.Arguments)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        env.ShouldContain($"PORT={port}");
        env.ShouldContain("ASPNETCORE_ENVIRONMENT=Production");
        env.Select(e => e.Split('=')[0]).Where(name => name != "ASPNETCORE_HTTP_PORTS" && name != "DOTNET_NOLOGO")
            .ShouldAllBe(name => KnownVariables.Contains(name));
    }

    [Fact]
    public void Entrypoint_runs_the_published_service_assembly()
    {
        var assembly = XDocument.Parse(RepositoryFiles.Read("Backend.Api", "Backend.Api.csproj")).Descendants("AssemblyName").Single().Value;

        Dockerfile.Named("ENTRYPOINT", Runtime).ShouldHaveSingleItem().ExecForm().ShouldBe(new[] { "dotnet", $"{assembly}.dll" });
        Dockerfile.Named("WORKDIR", Runtime).ShouldHaveSingleItem().Arguments.ShouldBe("/app");
    }

    [Fact]
    public void Healthcheck_uses_the_binary_healthcheck_mode()
    {
        var healthcheck = Dockerfile.Named("HEALTHCHECK", Runtime).ShouldHaveSingleItem();

        healthcheck.ExecForm(after: "CMD").ShouldBe(new[] { "dotnet", "Backend.Api.dll", "healthcheck" });
        Cli.Usage.ShouldContain("healthcheck");
    }

    [Fact]
    public async Task Healthcheck_mode_exits_0_for_a_ready_service_and_1_when_nothing_listens()
    {
        await using var host = await TestHost.StartAsync();
        var healthcheck = Dockerfile.Named("HEALTHCHECK", Runtime).Single().ExecForm(after: "CMD").Skip(2).ToArray();

        var ready = await Cli.RunAsync(healthcheck, host.Settings with { Port = host.BaseAddress.Port }, Serilog.Core.Logger.None, CancellationToken.None);
        var down = await Cli.RunAsync(healthcheck, host.Settings with { Port = ClosedPort() }, Serilog.Core.Logger.None, CancellationToken.None);

        ready.ShouldBe(0);
        down.ShouldBe(1);
    }

    [Fact]
    public void Restores_from_the_project_files_before_the_sources_are_copied()
    {
        var build = Dockerfile.All.Where(i => i.Stage == 1).ToList();
        var restore = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        var firstSourceCopy = build.FindIndex(i => i.Keyword == "COPY" && i.Arguments.Contains("Backend.Api/ ", StringComparison.Ordinal));

        restore.ShouldBeGreaterThan(0);
        firstSourceCopy.ShouldBeGreaterThan(restore);
        build.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(Sources)
            .ShouldAllBe(path => path.EndsWith(".csproj", StringComparison.Ordinal) || path.EndsWith(".props", StringComparison.Ordinal) || path == "global.json");
        build.ShouldContain(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish Backend.Api/Backend.Api.csproj -c Release", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_path_the_build_copies_exists()
    {
        var sources = Dockerfile.Named("COPY", 1).SelectMany(Sources).ToList();

        sources.ShouldContain("sql/");
        sources.Where(path => !File.Exists(RepositoryFiles.PathOf(path)) && !Directory.Exists(RepositoryFiles.PathOf(path))).ShouldBeEmpty();
    }

    [Fact]
    public void Dockerignore_keeps_build_output_local_state_and_secrets_out()
    {
        var ignored = RepositoryFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();

        ignored.ShouldContain("**/bin/");
        ignored.ShouldContain("**/obj/");
        ignored.ShouldContain(".env");
        ignored.ShouldContain(".git/");
        ignored.ShouldContain(".data/");
    }

    private static IEnumerable<string> Sources(DockerfileInstructions.Instruction copy)
    {
        var words = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        return words.Take(words.Count - 1);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
