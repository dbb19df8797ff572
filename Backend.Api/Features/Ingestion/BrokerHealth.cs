namespace Backend.Api.Features.Ingestion;

/// <summary>
/// The broker as readiness reports it: <c>not_configured</c> (no RABBITMQ_URL), <c>connecting</c>, <c>ok</c> or
/// <c>unavailable</c>. A broker that is away degrades readiness without failing it: documents are still accepted
/// (they wait in the outbox), so taking the replica out of rotation would only refuse work it can safely take.
/// </summary>
internal sealed class BrokerHealth(IngestionSettings settings)
{
    private volatile string _status = settings.RabbitMqUrl is null ? NotConfigured : Connecting;
    private volatile string? _error;

    public const string NotConfigured = "not_configured";
    public const string Connecting = "connecting";
    public const string Ok = "ok";
    public const string Unavailable = "unavailable";

    public string Status => _status;

    public string? Error => _error;

    public bool IsHealthy => _status is Ok or NotConfigured;

    public void Connected()
    {
        _status = Ok;
        _error = null;
        IngestionMetrics.BrokerUp.Set(1);
    }

    public void Lost(string error)
    {
        _status = Unavailable;
        _error = error;
        IngestionMetrics.BrokerUp.Set(0);
    }
}
