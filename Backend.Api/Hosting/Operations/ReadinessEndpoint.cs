using System.Diagnostics;
using System.Net.Sockets;
using Backend.Api.Features.Ingestion;
using Backend.Api.Hosting.Metrics;
using Backend.Api.Hosting.Settings;
using Backend.Api.Http;
using Backend.Data.Health;
using Backend.Data.Postgres;
using FastEndpoints;
using Npgsql;

namespace Backend.Api.Hosting.Operations;

/// <summary>
/// Readiness: one primary round trip within HEALTH_CHECK_TIMEOUT, the schema version and the pool figures; the broker
/// and the read replica are reported beside it and only degrade readiness (reads fall back to the primary).
/// </summary>
internal sealed class ReadinessEndpoint(
    DatabaseHealthRepository health, PoolStatistics pool, BackendSettings settings, BrokerHealth broker, ReadDataSource reads, ReplicaPoolStatistics replicaPool)
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
            s.Description = "200 when the primary database answers within HEALTH_CHECK_TIMEOUT; 503 problem+json otherwise. The broker does not fail readiness: " +
                "when RABBITMQ_URL is set and the broker is unreachable, status is \"degraded\" and broker.status \"unavailable\" (documents are still " +
                "accepted and wait in the outbox); without RABBITMQ_URL broker.status is \"not_configured\". Nor does the read replica: when " +
                "DATABASE_READ_URL is set and the standby does not answer within HEALTH_CHECK_TIMEOUT, status is \"degraded\", replica.status " +
                "\"unavailable\" with replica.error, and lag-tolerant reads use the primary; when it answers, replica gives latency_ms, lag_seconds " +
                "(replay delay, 0 when caught up), standby (pg_is_in_recovery()) and its pool; without DATABASE_READ_URL replica.status is \"not_configured\".";
            s.ResponseExamples[200] = new ReadinessResponse(
                "ready", new DatabaseCheck("ok", 0.8), 1, new PoolFigures(1, 4, 30), new BrokerCheck("ok", null),
                new ReplicaCheck(ReplicaCheck.Ok, 0.9, 0, true, new PoolFigures(0, 2, 30), null));
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.HealthCheckTimeout);
        var replicaCheck = CheckReplicaAsync(timeout.Token, ct);
        var clock = Stopwatch.StartNew();
        int schemaVersion;
        try
        {
            schemaVersion = await health.ReadSchemaVersionAsync(timeout.Token);
        }
        catch (Exception exception) when (!ct.IsCancellationRequested && (exception is OperationCanceledException || DatabaseErrors.IsUnavailable(exception)))
        {
            await replicaCheck;
            Logger.LogWarning("Readiness check failed: {Error}", exception.Message);
            HttpContext.Response.Headers.RetryAfter = "5";
            await Problems.WriteAsync(HttpContext, Problems.Create(
                HttpContext, 503, $"The database did not answer within {settings.HealthCheckTimeout.TotalMilliseconds:0} ms.", "not-ready", "Not ready"));
            return;
        }

        var latency = clock.Elapsed;
        var replica = await replicaCheck;
        BackendMetrics.SchemaVersion.Set(schemaVersion);
        var figures = pool.Read();
        await Send.OkAsync(
            new ReadinessResponse(
                broker.IsHealthy && replica.Status != ReplicaCheck.Unavailable ? "ready" : "degraded",
                new DatabaseCheck("ok", Milliseconds(latency)),
                schemaVersion,
                new PoolFigures(figures.Busy, figures.Idle, figures.Max),
                new BrokerCheck(broker.Status, broker.Error),
                replica),
            ct);
    }

    private async Task<ReplicaCheck> CheckReplicaAsync(CancellationToken timeout, CancellationToken ct)
    {
        if (!reads.HasReplica)
        {
            return new ReplicaCheck(ReplicaCheck.NotConfigured, null, null, null, null, null);
        }

        try
        {
            var status = (await reads.ProbeReplicaAsync(timeout))!;
            return new ReplicaCheck(
                ReplicaCheck.Ok, Milliseconds(status.Latency), status.LagSeconds is { } lag ? Math.Round(lag, 3) : null, status.InRecovery, ReplicaPool(), null);
        }
        catch (Exception exception) when (!ct.IsCancellationRequested && exception is OperationCanceledException or NpgsqlException or TimeoutException or SocketException or IOException)
        {
            var cause = exception is OperationCanceledException ? $"did not answer within {settings.HealthCheckTimeout.TotalMilliseconds:0} ms" : Cause(exception);
            Logger.LogWarning("Read replica check failed: {Error}", cause);
            return new ReplicaCheck(ReplicaCheck.Unavailable, null, null, null, ReplicaPool(), cause);
        }
    }

    private PoolFigures? ReplicaPool() =>
        replicaPool.Statistics?.Read() is { } figures ? new PoolFigures(figures.Busy, figures.Idle, figures.Max) : null;

    // The innermost cause ("Connection refused", "57P03: the database system is starting up"), never the host or credentials.
    private static string Cause(Exception exception)
    {
        for (var current = exception; ; current = current.InnerException)
        {
            if (current is PostgresException pg)
            {
                return $"{pg.SqlState}: {pg.MessageText}";
            }

            if (current.InnerException is null)
            {
                return current is TimeoutException ? "timed out" : current.Message;
            }
        }
    }

    private static double Milliseconds(TimeSpan value) => Math.Round(value.TotalMilliseconds, 2);
}
