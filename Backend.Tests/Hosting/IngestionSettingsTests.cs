using Backend.Api.Hosting;

namespace Backend.Tests.Hosting;

public sealed class IngestionSettingsTests
{
    private static (BackendSettings Settings, IReadOnlyList<string> Errors) Load(params (string Key, string Value)[] values)
    {
        var variables = values.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal);
        variables.TryAdd("ASPNETCORE_ENVIRONMENT", "Development");
        return BackendSettings.Load(variables);
    }

    [Fact]
    public void Defaults_run_without_a_broker_with_ten_megabyte_documents()
    {
        var (settings, errors) = Load();

        errors.ShouldBeEmpty();
        settings.Ingestion.RabbitMqUrl.ShouldBeNull();
        settings.Ingestion.DocumentMaxBytes.ShouldBe(10 * 1024 * 1024);
        settings.Ingestion.RequestBodyLimit.ShouldBe((20L * 1024 * 1024) + (64 * 1024));
        settings.Ingestion.MaxRetries.ShouldBe(3);
        settings.Ingestion.Prefetch.ShouldBe((ushort)16);
        settings.Ingestion.RetryBaseDelay.ShouldBe(TimeSpan.FromSeconds(5));
        settings.Ingestion.RetryMaxDelay.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Theory]
    [InlineData("amqp://guest:guest@localhost:5672/")]
    [InlineData("amqps://app:s%40cret@broker.internal:5671/kgl")]
    [InlineData("amqp://broker")]
    public void Amqp_and_amqps_urls_are_accepted(string url)
    {
        var (settings, errors) = Load(("RABBITMQ_URL", url));

        errors.ShouldBeEmpty();
        settings.Ingestion.RabbitMqUrl.ShouldBe(new Uri(url));
    }

    [Fact]
    public void The_redacted_url_hides_the_password()
    {
        var (settings, _) = Load(("RABBITMQ_URL", "amqps://app:topsecret@broker.internal:5671/kgl"));

        settings.Ingestion.RedactedUrl!.ShouldNotContain("topsecret");
        settings.Ingestion.RedactedUrl!.ShouldContain("broker.internal:5671");
    }

    [Theory]
    [InlineData("RABBITMQ_URL", "http://broker:5672/")]
    [InlineData("RABBITMQ_URL", "not a url")]
    [InlineData("RABBITMQ_URL", "amqp:///vhost")]
    [InlineData("RABBITMQ_PREFETCH", "0")]
    [InlineData("RABBITMQ_PREFETCH", "abc")]
    [InlineData("INGEST_MAX_RETRIES", "-1")]
    [InlineData("INGEST_RETRY_BASE_DELAY", "soon")]
    [InlineData("DOCUMENT_MAX_BYTES", "0")]
    [InlineData("DOCUMENT_MAX_BYTES", "104857601")]
    [InlineData("OUTBOX_BATCH_SIZE", "5000")]
    [InlineData("OUTBOX_POLL_INTERVAL", "1ms")]
    [InlineData("OUTBOX_RETENTION", "0")]
    public void Bad_values_are_rejected_with_the_variable_name(string name, string value)
    {
        var (_, errors) = Load((name, value));

        errors.ShouldHaveSingleItem().ShouldStartWith(name + ":");
    }

    [Fact]
    public void A_maximum_retry_delay_below_the_base_delay_is_rejected()
    {
        var (_, errors) = Load(("INGEST_RETRY_BASE_DELAY", "10m"), ("INGEST_RETRY_MAX_DELAY", "1m"));

        errors.ShouldHaveSingleItem().ShouldStartWith("INGEST_RETRY_MAX_DELAY:");
    }
}
