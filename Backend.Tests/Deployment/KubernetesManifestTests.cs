using System.Globalization;
using System.Net;
using Backend.Api.Hosting;
using Backend.Api.Hosting.Settings;
using Backend.Data.Migrations;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Deployment;

public sealed class KubernetesManifestTests
{
    private static readonly KubernetesManifests Manifests = KubernetesManifests.Load();

    private static Dictionary<object, object> Deployment => Manifests.Single("Deployment");

    private static Dictionary<object, object> Api => KubernetesManifests.Container(Deployment);

    private static Dictionary<object, object> Job => Manifests.Single("Job");

    private static Dictionary<object, object> ConfigMap => Manifests.Single("ConfigMap");

    private static Dictionary<object, object> Secret => Manifests.Single("Secret", "secret.example.yaml");

    [Fact]
    public void Every_manifest_is_a_named_kubernetes_object()
    {
        Manifests.Documents.Select(d => d.File).Distinct().Count().ShouldBeGreaterThanOrEqualTo(7);
        Manifests.Documents.Where(d => d.File != "kustomization.yaml").ShouldAllBe(d =>
            d.Document.At("apiVersion") is string && d.Document.At("kind") is string && d.Document.At("metadata", "name") is string);
        new[] { "Deployment", "Service", "HorizontalPodAutoscaler", "Job", "ConfigMap", "Secret" }
            .ShouldAllBe(kind => Manifests.OfKind(kind).Any());
    }

    [Fact]
    public void Kustomization_lists_existing_files_but_not_the_example_secret()
    {
        var resources = Manifests.Single("Kustomization").List("resources").Cast<string>().ToList();

        resources.ShouldAllBe(file => File.Exists(RepositoryFiles.PathOf("deploy", "kubernetes", file)));
        resources.ShouldContain("deployment.yaml");
        resources.ShouldContain("service.yaml");
        resources.ShouldContain("hpa.yaml");
        resources.ShouldContain("configmap.yaml");
        resources.ShouldNotContain("secret.example.yaml");
    }

    [Fact]
    public void Deployment_runs_3_replicas_on_the_service_port()
    {
        Deployment.At("spec", "replicas").ShouldBe("3");
        var port = Api.List("ports").ShouldHaveSingleItem();
        port.Text("containerPort").ShouldBe(DefaultPort);
        ConfigMap.Text("data", "PORT").ShouldBe(DefaultPort);
    }

    [Fact]
    public void Probes_use_the_service_health_routes_on_the_container_port()
    {
        Api.Text("livenessProbe", "httpGet", "path").ShouldBe(ServiceFacts.LivenessPath);
        Api.Text("readinessProbe", "httpGet", "path").ShouldBe(ServiceFacts.ReadinessPath);
        Api.Text("startupProbe", "httpGet", "path").ShouldBe(ServiceFacts.LivenessPath);
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            ResolvePort(Api.Text(probe, "httpGet", "port")).ShouldBe(DefaultPort);
        }
    }

    [Fact]
    public async Task Probe_paths_answer_200_on_the_running_service()
    {
        await using var host = await TestHost.StartAsync();

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            var response = await host.Client.GetAsync(new Uri(Api.Text(probe, "httpGet", "path"), UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, probe);
        }
    }

    [Fact]
    public void Deployment_leaves_migrations_to_the_job()
    {
        KubernetesManifests.EnvValue(Api, "MIGRATE_ON_STARTUP").ShouldBe("false");
    }

    [Fact]
    public void Pods_run_as_the_image_non_root_user_with_a_read_only_root()
    {
        foreach (var workload in new[] { Deployment, Job })
        {
            var pod = workload.Map("spec", "template", "spec");
            var container = KubernetesManifests.Container(workload);
            pod.At("securityContext", "runAsNonRoot").ShouldBe("true");
            pod.At("securityContext", "runAsUser").ShouldBe(ServiceFacts.AppUserId.ToString(CultureInfo.InvariantCulture));
            container.At("securityContext", "allowPrivilegeEscalation").ShouldBe("false");
            container.At("securityContext", "readOnlyRootFilesystem").ShouldBe("true");

            var tmp = container.List("volumeMounts").Select(m => m.Map()).Single(m => m.Text("mountPath") == "/tmp");
            pod.List("volumes").Select(v => v.Map()).Single(v => v.Text("name") == tmp.Text("name")).ShouldContainKey("emptyDir");
        }
    }

    [Fact]
    public void Deployment_requests_and_limits_cpu_and_memory()
    {
        foreach (var kind in new[] { "requests", "limits" })
        {
            Api.Map("resources", kind).Keys().Order(StringComparer.Ordinal).ShouldBe(new[] { "cpu", "memory" });
        }
    }

    [Fact]
    public void Service_maps_port_80_to_the_container_port()
    {
        var service = Manifests.Single("Service");
        var port = service.List("spec", "ports").ShouldHaveSingleItem();

        service.Text("spec", "type").ShouldBe("ClusterIP");
        port.At("port").ShouldBe("80");
        ResolvePort(port.Text("targetPort")).ShouldBe(DefaultPort);
        service.Map("spec", "selector").ShouldBe(Deployment.Map("spec", "template", "metadata", "labels"));
    }

    [Fact]
    public void Autoscaler_keeps_2_to_10_replicas_on_cpu()
    {
        var hpa = Manifests.Single("HorizontalPodAutoscaler");

        hpa.Text("apiVersion").ShouldBe("autoscaling/v2");
        hpa.Text("spec", "scaleTargetRef", "kind").ShouldBe("Deployment");
        hpa.Text("spec", "scaleTargetRef", "name").ShouldBe(Deployment.Text("metadata", "name"));
        hpa.At("spec", "minReplicas").ShouldBe("2");
        hpa.At("spec", "maxReplicas").ShouldBe("10");
        var metric = hpa.List("spec", "metrics").ShouldHaveSingleItem();
        metric.Text("resource", "name").ShouldBe("cpu");
        metric.At("resource", "target", "averageUtilization").ShouldBe("70");
    }

    [Fact]
    public void Migration_job_runs_migrate_apply_on_the_deployment_image()
    {
        var container = KubernetesManifests.Container(Job);

        container.List("args").Cast<string>().ShouldBe(new[] { "migrate", "apply" });
        container.ShouldNotContainKey("command");
        container.Text("image").ShouldBe(Api.Text("image"));
        KubernetesManifests.EnvSources(container).ShouldBe(KubernetesManifests.EnvSources(Api));
        Job.Text("spec", "template", "spec", "restartPolicy").ShouldBeOneOf("Never", "OnFailure");
    }

    [Fact]
    public async Task Migration_job_args_apply_every_script_and_exit_0()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var settings = ServiceFacts.Load(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["DATABASE_URL"] = database.ConnectionString,
            ["JWT_SECRET"] = "a-kubernetes-signing-secret-of-32-bytes-or-more",
        });
        var args = KubernetesManifests.Container(Job).List("args").Cast<string>().ToArray();

        var exitCode = await Cli.RunAsync(args, settings, Serilog.Core.Logger.None, CancellationToken.None);

        exitCode.ShouldBe(0);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
        var runner = new MigrationRunner(dataSource, MigrationScripts.Load(settings.MigrationsPath), Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance);
        (await runner.GetStatusAsync(CancellationToken.None)).Pending.ShouldBeEmpty();
    }

    [Fact]
    public void Images_agree_with_compose()
    {
        var compose = Yaml.Document(RepositoryFiles.Read("compose.yaml"));

        Api.Text("image").ShouldBe(compose.Text("services", "api", "image"));
    }

    [Fact]
    public void Every_variable_in_the_manifests_is_read_by_the_service()
    {
        var names = ConfigMap.Map("data").Keys()
            .Concat(Secret.Map("stringData").Keys())
            .Concat(KubernetesManifests.EnvNames(Api))
            .Concat(KubernetesManifests.EnvNames(KubernetesManifests.Container(Job)));

        names.Where(name => !KnownVariables.Contains(name)).ShouldBeEmpty();
        Secret.Map("stringData").Keys().ShouldContain("DATABASE_URL");
        Secret.Map("stringData").Keys().ShouldContain("JWT_SECRET");
        ConfigMap.Map("data").Keys().ShouldNotContain("JWT_SECRET");
        ConfigMap.Map("data").Keys().ShouldNotContain("DATABASE_URL");
    }

    [Fact]
    public void Workloads_take_their_env_from_the_configmap_and_secret()
    {
        foreach (var container in new[] { Api, KubernetesManifests.Container(Job) })
        {
            var sources = KubernetesManifests.EnvSources(container);
            sources.ShouldContain($"configMapRef/{ConfigMap.Text("metadata", "name")}");
            sources.ShouldContain($"secretRef/{Secret.Text("metadata", "name")}");
        }
    }

    [Fact]
    public void Configmap_values_are_accepted_by_the_service()
    {
        var values = ConfigMap.Map("data").ToDictionary(kv => (string)kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
        values["DATABASE_URL"] = Secret.Text("stringData", "DATABASE_URL");
        values["MIGRATE_ON_STARTUP"] = KubernetesManifests.EnvValue(Api, "MIGRATE_ON_STARTUP");

        // The example Secret's placeholder is deliberately too short to start with; a real one is not.
        values["JWT_SECRET"] = "a-kubernetes-signing-secret-of-32-bytes-or-more";

        var settings = ServiceFacts.Load(values);

        settings.Environment.ShouldBe("Production");
        settings.MigrateOnStartup.ShouldBeFalse();
        var maxReplicas = int.Parse(Manifests.Single("HorizontalPodAutoscaler").Text("spec", "maxReplicas"), CultureInfo.InvariantCulture);
        (settings.Pool.MaxPoolSize * maxReplicas).ShouldBeLessThan(100, "the pools of the most replicas the autoscaler starts must fit PostgreSQL's default max_connections");
    }

    private static string DefaultPort => ServiceFacts.DefaultPort.ToString(CultureInfo.InvariantCulture);

    /// <summary>A probe or Service port: a number, or the name of a container port.</summary>
    private static string ResolvePort(string port) =>
        int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? port
            : Api.List("ports").Select(p => p.Map()).Single(p => p.At("name") as string == port).Text("containerPort");
}
