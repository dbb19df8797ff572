using System.Diagnostics;
using Backend.Api.Features.Ingestion;
using Backend.Api.Hosting.Metrics;
using Backend.Api.Hosting.Settings;
using Backend.Api.Http;
using Backend.Data.Health;
using Backend.Data.Postgres;
using FastEndpoints;

namespace Backend.Api.Hosting.Operations;

/// <summary>Readiness: one database round trip within HEALTH_CHECK_TIMEOUT, the schema version and the pool figures.</summary>
internal sealed class ReadinessEndpoint(DatabaseHealthRepository health, PoolStatistics pool, BackendSettings settings, BrokerHealth broker)
    : EndpointWithoutRequest<ReadinessResponse>
{
    public override void Configure()
    {
        Get("/health/ready");
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Description(b => b.WithTags("Health").ProducesProblemDetails(503, Problems.ContentType));
        Summary(s =>
        {
            s.Summary = "Readiness probe";
            s.Description = "200 when the database answers within HEALTH_CHECK_TIMEOUT; 503 problem+json otherwise. The broker does not fail readiness: " +
                "when RABBITMQ_URL is set and the broker is unreachable, status is \"degraded\" and broker.status \"unavailable\" (documents are still " +
                "accepted and wait in the outbox); without RABBITMQ_URL broker.status is \"not_configured\".";
            s.ResponseExamples[200] = new ReadinessResponse("ready", new DatabaseCheck("ok", 0.8), 1, new PoolFigures(1, 4, 30), new BrokerCheck("ok", null));
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.HealthCheckTimeout);
        var clock = Stopwatch.StartNew();
        int schemaVersion;
        try
        {
            schemaVersion = await health.ReadSchemaVersionAsync(timeout.Token);
        }
        catch (Exception exception) when (!ct.IsCancellationRequested && (exception is OperationCanceledException || DatabaseErrors.IsUnavailable(exception)))
        {
            Logger.LogWarning("Readiness check failed: {Error}", exception.Message);
            HttpContext.Response.Headers.RetryAfter = "5";
            await Problems.WriteAsync(HttpContext, Problems.Create(
                HttpContext, 503, $"The database did not answer within {settings.HealthCheckTimeout.TotalMilliseconds:0} ms.", "not-ready", "Not ready"));
            return;
        }

        BackendMetrics.SchemaVersion.Set(schemaVersion);
        var figures = pool.Read();
        await Send.OkAsync(
            new ReadinessResponse(
                broker.IsHealthy ? "ready" : "degraded",
                new DatabaseCheck("ok", Math.Round(clock.Elapsed.TotalMilliseconds, 2)),
                schemaVersion,
                new PoolFigures(figures.Busy, figures.Idle, figures.Max),
                new BrokerCheck(broker.Status, broker.Error)),
            ct);
    }
}
