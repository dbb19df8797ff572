using System.Text.RegularExpressions;
using Backend.Api.Hosting;
using Backend.Data.Postgres;

namespace Backend.Tests.Deployment;

public sealed partial class ComposeFileTests
{
    private static readonly Dictionary<object, object> Compose = Yaml.Document(RepositoryFiles.Read("compose.yaml"));

    private static Dictionary<object, object> Api => Compose.Map("services", "api");

    private static Dictionary<object, object> Postgres => Compose.Map("services", "postgres");

    [Fact]
    public void Defines_the_postgres_and_api_services()
    {
        Compose.Map("services").Keys().Order(StringComparer.Ordinal).ShouldBe(new[] { "api", "postgres", "rabbitmq" });
    }

    [Fact]
    public void Api_is_built_here_and_named_backend_module()
    {
        Api.Text("build").ShouldBe(".");
        Api.Text("container_name").ShouldBe("backend-module");
        Api.Text("restart").ShouldBe("unless-stopped");
    }

    [Fact]
    public void Api_publishes_the_port_the_service_listens_on()
    {
        Api.List("ports").Cast<string>().ShouldBe(new[] { $"{ServiceFacts.DefaultPort}:{ServiceFacts.DefaultPort}" });
        Api.Text("environment", "PORT").ShouldBe(ServiceFacts.DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Api_waits_for_a_healthy_postgres()
    {
        Api.Text("depends_on", "postgres", "condition").ShouldBe("service_healthy");
    }

    [Fact]
    public void Postgres_is_a_pinned_major_version_with_a_named_volume()
    {
        Postgres.Text("image").ShouldMatch(@"^postgres:\d+(\.\d+)?(-[a-z0-9]+)?$");
        var volume = Postgres.List("volumes").Cast<string>().ShouldHaveSingleItem();
        volume.ShouldEndWith(":/var/lib/postgresql/data");
        Compose.Map("volumes").Keys().ShouldContain(volume.Split(':')[0]);
    }

    [Fact]
    public void Postgres_healthcheck_runs_pg_isready_every_5_seconds()
    {
        var test = Postgres.List("healthcheck", "test").Cast<string>().ToList();
        test[0].ShouldBeOneOf("CMD", "CMD-SHELL");
        string.Join(' ', test.Skip(1)).ShouldStartWith("pg_isready");
        Postgres.Text("healthcheck", "interval").ShouldBe("5s");
    }

    [Fact]
    public void Jwt_secret_is_required_from_env_and_has_no_default()
    {
        Api.Text("environment", "JWT_SECRET").ShouldMatch(@"^\$\{JWT_SECRET:\?[^}]+\}$");
        EnvExampleFile.Entries().Single(e => e.Name == "JWT_SECRET").Value.ShouldBeEmpty();
        RepositoryFiles.Read("compose.yaml").ShouldNotContain("JWT_SECRET:-");
    }

    [Fact]
    public void Api_reads_its_configuration_from_the_env_file()
    {
        Api.List("env_file").ShouldBe(new object[] { ".env" });
        RepositoryFiles.Read(".gitignore").Split('\n').Select(l => l.Trim()).ShouldContain(".env");
    }

    [Fact]
    public void Database_url_points_at_the_postgres_service()
    {
        var url = Substitute(Api.Text("environment", "DATABASE_URL"));

        DatabaseUrl.TryParse(url, out var builder, out var error).ShouldBeTrue(error);
        builder.Host.ShouldBe("postgres");
        builder.Port.ShouldBe(5432);
        builder.Database.ShouldBe(Substitute(Postgres.Text("environment", "POSTGRES_DB")));
        builder.Username.ShouldBe(Substitute(Postgres.Text("environment", "POSTGRES_USER")));
    }

    [Fact]
    public void Every_variable_named_in_compose_and_env_example_is_read_by_the_service()
    {
        Api.Map("environment").Keys().Where(name => !KnownVariables.Contains(name)).ShouldBeEmpty();

        var interpolated = Interpolation().Matches(RepositoryFiles.Read("compose.yaml")).Select(m => m.Groups["name"].Value);
        interpolated.Where(name => !IsServiceOrPostgresVariable(name)).ShouldBeEmpty();

        EnvExampleFile.Entries().Select(e => e.Name).Where(name => !IsServiceOrPostgresVariable(name)).ShouldBeEmpty();
    }

    [Fact]
    public void Env_example_defaults_are_the_service_defaults()
    {
        var values = EnvExampleFile.Entries()
            .Where(e => e.Value.Length > 0 && KnownVariables.Contains(e.Name))
            .ToDictionary(e => e.Name, e => (string?)e.Value, StringComparer.Ordinal);
        values["DATABASE_URL"] = "postgresql://backend:secret@postgres:5432/backend";
        values["JWT_SECRET"] = "a-compose-signing-secret-of-at-least-32-bytes";

        var documented = ServiceFacts.Load(values);
        var defaults = ServiceFacts.Defaults;

        documented.Environment.ShouldBe("Production");
        documented.Pool.ShouldBe(defaults.Pool);
        documented.StartupTimeout.ShouldBe(defaults.StartupTimeout);
        documented.MigrateOnStartup.ShouldBe(defaults.MigrateOnStartup);
        documented.ModuleId.ShouldBe(defaults.ModuleId);
        documented.LogLevel.ShouldBe(defaults.LogLevel);
        documented.Port.ShouldBe(defaults.Port);
        documented.CorsOrigins.ShouldBe(defaults.CorsOrigins);
        documented.HealthCheckTimeout.ShouldBe(defaults.HealthCheckTimeout);
        documented.MaxRequestBodyBytes.ShouldBe(defaults.MaxRequestBodyBytes);
        documented.ShutdownGracePeriod.ShouldBe(defaults.ShutdownGracePeriod);
    }

    private static bool IsServiceOrPostgresVariable(string name) =>
        KnownVariables.Contains(name) || ServiceFacts.PostgresImageVariables.Contains(name) || ServiceFacts.RabbitMqImageVariables.Contains(name);

    /// <summary>Resolves compose interpolation the way compose does for an .env without the variable: defaults used, required ones filled.</summary>
    private static string Substitute(string value) =>
        Interpolation().Replace(value, m => m.Groups["op"].Value == ":-" ? m.Groups["arg"].Value : "x");

    // ${NAME}, ${NAME:-default}, ${NAME:?message}; $${NAME} is an escape for the container's shell.
    [GeneratedRegex(@"(?<!\$)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?])(?<arg>[^}]*))?\}")]
    private static partial Regex Interpolation();
}
