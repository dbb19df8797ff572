using Prometheus;

namespace Backend.Api.Features.Ingestion;

/// <summary>The <c>backend_outbox_*</c>, <c>backend_ingest_*</c> and <c>backend_broker_*</c> series (the README's Ingestion section lists them).</summary>
internal static class IngestionMetrics
{
    public static readonly Gauge OutboxPending = Metrics.CreateGauge(
        "backend_outbox_pending", "Outbox messages not yet confirmed by the broker (all replicas; sampled by the relay).");

    public static readonly Gauge OutboxOldestPendingAge = Metrics.CreateGauge(
        "backend_outbox_oldest_pending_age_seconds", "Age of the oldest unsent outbox message (0 when none); the relay's lag.");

    public static readonly Counter OutboxMessages = Metrics.CreateCounter(
        "backend_outbox_messages_total", "Outbox messages handed to the broker (published), confirmed by it (confirmed), or not confirmed (failed; retried).", "outcome");

    public static readonly Histogram OutboxLag = Metrics.CreateHistogram(
        "backend_outbox_lag_seconds", "Time from an outbox message's creation to the broker's confirm.",
        new HistogramConfiguration { Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    public static readonly Counter Consumed = Metrics.CreateCounter(
        "backend_ingest_messages_consumed_total",
        "Messages consumed from ai.results / ai.errors by outcome: applied, duplicate, retry_scheduled, dead, dead_lettered, requeued.", "queue", "outcome");

    public static readonly Counter DeadLettered = Metrics.CreateCounter(
        "backend_ingest_dead_lettered_total", "Messages moved to the dead-letter queue, by source queue and reason kind (malformed, unknown_job, rejected).", "queue", "reason");

    public static readonly Histogram JobDuration = Metrics.CreateHistogram(
        "backend_ingest_job_duration_seconds", "Time from a job's creation to its result being applied.",
        new HistogramConfiguration { Buckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });

    public static readonly Counter EntitiesUpserted = Metrics.CreateCounter(
        "backend_ingest_entities_upserted_total", "Extracted entities applied to the graph: created or merged into an existing entity.", "outcome");

    public static readonly Gauge BrokerUp = Metrics.CreateGauge(
        "backend_broker_up", "1 while the relay holds a broker connection, 0 otherwise (also when no broker is configured).");

    public static void Initialize()
    {
        foreach (var outcome in new[] { "published", "confirmed", "failed" })
        {
            OutboxMessages.WithLabels(outcome);
        }

        foreach (var queue in new[] { Messaging.AiQueues.Results, Messaging.AiQueues.Errors })
        {
            foreach (var outcome in new[] { "applied", "duplicate", "retry_scheduled", "dead", "dead_lettered", "requeued" })
            {
                Consumed.WithLabels(queue, outcome);
            }
        }

        EntitiesUpserted.WithLabels("created");
        EntitiesUpserted.WithLabels("merged");
    }
}
