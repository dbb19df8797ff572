using Prometheus;

namespace Backend.Api.Features.Events;

/// <summary>The <c>backend_events_*</c> series (the README's Live updates section lists them).</summary>
internal static class EventsMetrics
{
    public static readonly Gauge Connections = Metrics.CreateGauge(
        "backend_events_connections", "Open live-update streams on this replica, by transport (sse, websocket).", "transport");

    public static readonly Counter Delivered = Metrics.CreateCounter(
        "backend_events_delivered_total", "Events written to live-update streams, by transport.", "transport");

    public static readonly Histogram DeliveryLag = Metrics.CreateHistogram(
        "backend_events_delivery_lag_seconds", "Time from an event's commit to its send on a live stream (live events, not replays).",
        new HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static readonly Counter Closed = Metrics.CreateCounter(
        "backend_events_streams_closed_total",
        "Live streams the service closed, by reason: slow_consumer (dropped), revoked, shutdown, overloaded, user_limit.", "reason");

    public static readonly Counter Relayed = Metrics.CreateCounter(
        "backend_events_relayed_total", "Domain events handed to kgl.events: confirmed or failed (retried).", "outcome");

    public static readonly Gauge Unpublished = Metrics.CreateGauge(
        "backend_events_unpublished", "Domain events not yet confirmed by the broker (all replicas; sampled by the relay).");

    public static void Initialize()
    {
        foreach (var transport in new[] { "sse", "websocket" })
        {
            Connections.WithLabels(transport).Set(0);
            Delivered.WithLabels(transport);
        }

        foreach (var reason in new[] { "slow_consumer", "revoked", "shutdown", "overloaded", "user_limit" })
        {
            Closed.WithLabels(reason);
        }
    }
}
