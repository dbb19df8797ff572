using Backend.Api.Http.Security;
using Prometheus;

namespace Backend.Api.Hosting.Metrics;

/// <summary>
/// Every <c>backend_*</c> series of <c>GET /metrics</c> (the README's Metrics section lists them with their labels). The default
/// registry adds prometheus-net's <c>process_*</c> and <c>dotnet_*</c> figures and the .NET meters it re-exports.
/// </summary>
internal static class BackendMetrics
{
    public static readonly Counter HttpRequests = Prometheus.Metrics.CreateCounter(
        "backend_http_requests_total", "HTTP requests answered, by method, route template and status code.", "method", "route", "status");

    public static readonly Histogram HttpRequestDuration = Prometheus.Metrics.CreateHistogram(
        "backend_http_request_duration_seconds", "Time from the request entering the pipeline to the response, by method, route template and status code.",
        new HistogramConfiguration { LabelNames = ["method", "route", "status"], Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static readonly Gauge HttpRequestsInProgress = Prometheus.Metrics.CreateGauge(
        "backend_http_requests_in_progress", "HTTP requests being served right now.");

    public static readonly Gauge DbPoolConnections = Prometheus.Metrics.CreateGauge(
        "backend_db_pool_connections", "Connections of the Npgsql pool: busy (in use), idle, and the pool's maximum.", "pool", "state");

    public static readonly Histogram DbCommandDuration = Prometheus.Metrics.CreateHistogram(
        "backend_db_command_duration_seconds", "Duration of database commands as Npgsql measures them (db.client.operation.duration).",
        new HistogramConfiguration { LabelNames = ["pool"], Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static readonly Gauge SchemaVersion = Prometheus.Metrics.CreateGauge(
        "backend_schema_version", "Number of the newest applied sql/ migration, read at startup and by every readiness probe.");

    public static readonly Counter RateLimitRejections = Prometheus.Metrics.CreateCounter(
        "backend_rate_limit_rejections_total", "Requests answered 429 by a rate-limit policy.", "policy");

    /// <summary>
    /// Publishes the label values known up front at 0, so rate() and alerts see a series before the first event, and
    /// narrows prometheus-net's .NET meter bridge to the runtime's GC and thread-pool figures (it takes effect before the
    /// first scrape): Npgsql's and the framework's meters would duplicate the backend_* series and add internal noise.
    /// </summary>
    public static void Initialize()
    {
        Prometheus.Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = instrument => instrument.Meter.Name == "System.Runtime");
        RateLimitRejections.WithLabels(RateLimitPolicies.Auth);
    }

    public static void RateLimitRejected(string policy) => RateLimitRejections.WithLabels(policy).Inc();
}
