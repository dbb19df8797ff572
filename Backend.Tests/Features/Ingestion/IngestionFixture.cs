using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Ingestion;

/// <summary>A service host on its own database and its own RabbitMQ virtual host (xunit class fixture).</summary>
public sealed class IngestionFixture : IAsyncLifetime
{
    private TestHost? _host;

    internal TestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    internal Uri BrokerUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BrokerUrl = await TestRabbitMq.CreateVirtualHostAsync();
        _host = await TestHost.StartAsync(Environment(BrokerUrl));
    }

    /// <summary>The settings of an ingestion test host; retries wait one minute of the host's (test-controlled) clock.</summary>
    internal static Dictionary<string, string?> Environment(Uri brokerUrl, int maxRetries = 2) => new()
    {
        ["RABBITMQ_URL"] = brokerUrl.ToString(),
        ["INGEST_MAX_RETRIES"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["INGEST_RETRY_BASE_DELAY"] = "1m",
        ["INGEST_RETRY_MAX_DELAY"] = "10m",
        ["OUTBOX_POLL_INTERVAL"] = "100ms",
    };

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
