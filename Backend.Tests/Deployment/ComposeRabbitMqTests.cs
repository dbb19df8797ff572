namespace Backend.Tests.Deployment;

/// <summary>compose.yaml's RabbitMQ: a pinned image with a healthcheck, the API waiting for it and pointed at it.</summary>
public sealed class ComposeRabbitMqTests
{
    private static readonly Dictionary<object, object> Compose = Yaml.Document(RepositoryFiles.Read("compose.yaml"));

    private static Dictionary<object, object> RabbitMq => Compose.Map("services", "rabbitmq");

    private static Dictionary<object, object> Api => Compose.Map("services", "api");

    [Fact]
    public void RabbitMq_is_a_pinned_version_with_a_named_volume()
    {
        RabbitMq.Text("image").ShouldMatch(@"^rabbitmq:\d+\.\d+\.\d+(-[a-z0-9]+)?$");
        var volume = RabbitMq.List("volumes").Cast<string>().ShouldHaveSingleItem();
        volume.ShouldEndWith(":/var/lib/rabbitmq");
        Compose.Map("volumes").Keys().ShouldContain(volume.Split(':')[0]);
    }

    [Fact]
    public void RabbitMq_healthcheck_pings_the_node()
    {
        var test = RabbitMq.List("healthcheck", "test").Cast<string>().ToList();
        test[0].ShouldBe("CMD");
        test.ShouldContain("rabbitmq-diagnostics");
        test.ShouldContain("ping");
    }

    [Fact]
    public void Api_waits_for_a_healthy_rabbitmq_and_its_url_points_at_it()
    {
        Api.Text("depends_on", "rabbitmq", "condition").ShouldBe("service_healthy");
        var url = Api.Text("environment", "RABBITMQ_URL").Replace("${RABBITMQ_USER:-backend}", "backend", StringComparison.Ordinal);
        url = System.Text.RegularExpressions.Regex.Replace(url, @"\$\{RABBITMQ_PASSWORD:\?[^}]*\}", "secret");
        var settings = ServiceFacts.Load(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["RABBITMQ_URL"] = url }).Ingestion;
        settings.RabbitMqUrl!.Host.ShouldBe("rabbitmq");
        settings.RabbitMqUrl.Port.ShouldBe(5672);
        settings.RabbitMqUrl.UserInfo.ShouldBe("backend:secret");
        RabbitMq.Text("environment", "RABBITMQ_DEFAULT_USER").ShouldBe("${RABBITMQ_USER:-backend}");
    }

    [Fact]
    public void RabbitMq_management_ui_is_published_on_loopback_only()
    {
        RabbitMq.List("ports").Cast<string>().ShouldAllBe(p => p.StartsWith("127.0.0.1:", StringComparison.Ordinal));
    }
}
