using Backend.Api.Features.Ingestion;
using Backend.Api.Features.Ingestion.Messaging;
using Backend.Api.Http;
using Backend.Data.Events;
using Backend.Data.Postgres;
using RabbitMQ.Client;

namespace Backend.Api.Features.Events.Relay;

/// <summary>
/// Publishes domain events to <c>kgl.events</c> (routing key = event type, persistent, message id = event_id,
/// correlation id, JSON body in the platform shape) with publisher confirms, and marks them published: at-least-once,
/// in position order per relay. Rows are claimed with FOR UPDATE SKIP LOCKED, so the relays of several replicas never
/// publish the same event; while the broker is away the relay reconnects with exponential backoff and jitter and the
/// events wait in the table. The same guarantees as the ingestion outbox relay, on the events' own table.
/// </summary>
internal sealed class EventRelay(
    IngestionSettings broker,
    EventsSettings settings,
    ServiceInfo service,
    EventRepository events,
    EventRelaySignal signal,
    TimeProvider time,
    ILogger<EventRelay> logger) : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (broker.RabbitMqUrl is null)
        {
            logger.LogWarning("RABBITMQ_URL is not set: domain events are streamed to SSE/WebSocket clients but not published to {Exchange}", EventTopology.Exchange);
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var factory = BrokerTopology.Factory(broker, service.ModuleId + "-event-relay");
                await using var connection = await factory.CreateConnectionAsync(stoppingToken);
                await using var channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
                await EventTopology.DeclareAsync(channel, stoppingToken);
                logger.LogInformation("Event relay connected to {Broker}", broker.RedactedUrl);
                failures = 0;
                await RelayAsync(channel, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                var delay = RetryBackoff.Delay(failures++, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
                logger.LogWarning("Broker {Broker} unavailable ({Error}); the event relay retries in {DelayMs} ms", broker.RedactedUrl, exception.Message, (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RelayAsync(IChannel channel, CancellationToken ct)
    {
        var nextDepthSample = 0L;
        while (true)
        {
            if (!channel.IsOpen)
            {
                throw new InvalidOperationException("The broker closed the channel: " + channel.CloseReason);
            }

            int published;
            try
            {
                if (Environment.TickCount64 >= nextDepthSample)
                {
                    nextDepthSample = Environment.TickCount64 + 5_000;
                    EventsMetrics.Unpublished.Set((await events.ReadUnpublishedDepthAsync(ct)).Pending);
                }

                published = await RelayBatchAsync(channel, ct);
            }
            catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception) && !ct.IsCancellationRequested)
            {
                logger.LogWarning("The event relay cannot reach the database: {Error}", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                continue;
            }

            if (published < BatchSize)
            {
                await signal.WaitAsync(settings.PollInterval, ct);
            }
        }
    }

    private async Task<int> RelayBatchAsync(IChannel channel, CancellationToken ct)
    {
        await using var batch = await events.ClaimUnpublishedAsync(BatchSize, ct);
        if (batch.Rows.Count == 0)
        {
            return 0;
        }

        return await ConfirmedPublisher.RelayAsync(
            batch,
            row => row.Position,
            async row =>
            {
                await channel.BasicPublishAsync(EventTopology.Exchange, row.EventType, mandatory: false, Properties(row), PlatformEvent.Serialize(row, service.ModuleId), ct);
                EventsMetrics.Relayed.WithLabels("confirmed").Inc();
            },
            (row, exception) =>
            {
                EventsMetrics.Relayed.WithLabels("failed").Inc();
                logger.LogWarning("Publishing event {EventId} ({EventType}) was not confirmed: {Error}", row.EventId, row.EventType, exception.Message);
            },
            time,
            ct);
    }

    private BasicProperties Properties(EventRow row) => ConfirmedPublisher.Properties(
        row.EventId, row.CorrelationId, row.EventType, service.ModuleId, row.OccurredAt,
        new Dictionary<string, object?>(StringComparer.Ordinal) { ["x-correlation-id"] = row.CorrelationId, ["x-event-position"] = row.Position });
}
