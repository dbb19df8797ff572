using System.Text;
using Backend.Api.Http;
using Backend.Data.Ingest;
using Backend.Data.Postgres;
using RabbitMQ.Client;

namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// Publishes pending outbox rows to RabbitMQ with publisher confirms and marks them sent (at-least-once). Rows are claimed
/// with FOR UPDATE SKIP LOCKED, so relays of several replicas never publish the same row. While the broker is away the
/// relay reconnects with exponential backoff and jitter; rows wait, nothing is lost.
/// </summary>
internal sealed class OutboxRelay(
    IngestionSettings settings,
    ServiceInfo service,
    OutboxRepository outbox,
    BrokerHealth health,
    OutboxSignal signal,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly TimeSpan DepthInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);
    private DateTime _nextDepthSample = DateTime.MinValue;
    private DateTime _nextPrune = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.RabbitMqUrl is null)
        {
            logger.LogWarning("RABBITMQ_URL is not set: no broker configured; documents are accepted and their job messages stay queued in the outbox");
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var factory = BrokerTopology.Factory(settings, service.ModuleId + "-outbox-relay");
                await using var connection = await factory.CreateConnectionAsync(stoppingToken);
                await using var channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
                await BrokerTopology.DeclareAsync(channel, stoppingToken);
                health.Connected();
                logger.LogInformation("Outbox relay connected to {Broker}", settings.RedactedUrl);
                failures = 0;
                await RelayAsync(channel, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                health.Lost(BrokerErrors.Describe(exception));
                var delay = RetryBackoff.Delay(failures++, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
                logger.LogWarning("Broker {Broker} unavailable ({Error}); the outbox relay retries in {DelayMs} ms", settings.RedactedUrl, BrokerErrors.Describe(exception), (int)delay.TotalMilliseconds);
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

    /// <summary>Relays until the channel fails (the exception returns control to the reconnect loop).</summary>
    private async Task RelayAsync(IChannel channel, CancellationToken ct)
    {
        while (true)
        {
            if (!channel.IsOpen)
            {
                throw new InvalidOperationException("The broker closed the channel: " + channel.CloseReason);
            }

            int published;
            try
            {
                await HousekeepAsync(ct);
                published = await RelayBatchAsync(channel, ct);
            }
            catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception) && !ct.IsCancellationRequested)
            {
                // The database is away, not the broker: keep the connection and try again shortly.
                logger.LogWarning("The outbox relay cannot reach the database: {Error}", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                continue;
            }

            if (published < settings.OutboxBatchSize)
            {
                await signal.WaitAsync(settings.OutboxPollInterval, ct);
            }
        }
    }

    private async Task<int> RelayBatchAsync(IChannel channel, CancellationToken ct)
    {
        await using var batch = await outbox.ClaimAsync(settings.OutboxBatchSize, time.GetUtcNow(), ct);
        if (batch.Rows.Count == 0)
        {
            return 0;
        }

        return await ConfirmedPublisher.RelayAsync(
            batch,
            row => row.Position,
            async row =>
            {
                using var scope = MessageScope(row);
                IngestionMetrics.OutboxMessages.WithLabels("published").Inc();
                await channel.BasicPublishAsync(row.Exchange, row.RoutingKey, mandatory: true, Properties(row), Encoding.UTF8.GetBytes(row.Payload), ct);
                IngestionMetrics.OutboxMessages.WithLabels("confirmed").Inc();
                IngestionMetrics.OutboxLag.Observe(Math.Max(0, (time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)).TotalSeconds));
                logger.LogDebug("Published {MessageType} {MessageId} to {RoutingKey}", row.MessageType, row.MessageId, row.RoutingKey);
            },
            (row, exception) =>
            {
                using var scope = MessageScope(row);
                IngestionMetrics.OutboxMessages.WithLabels("failed").Inc();
                logger.LogWarning("Publishing {MessageId} to {RoutingKey} was not confirmed: {Error}", row.MessageId, row.RoutingKey, exception.Message);
            },
            time,
            ct);
    }

    private BasicProperties Properties(OutboxRow row) => ConfirmedPublisher.Properties(
        row.MessageId, row.CorrelationId, row.MessageType, service.ModuleId, row.CreatedAt,
        new Dictionary<string, object?>(StringComparer.Ordinal) { [AiQueues.CorrelationHeader] = row.CorrelationId, [AiQueues.JobIdHeader] = row.JobId?.ToString() });

    /// <summary>Every log line about a message carries its job id, correlation id and message id.</summary>
    private IDisposable? MessageScope(OutboxRow row) =>
        logger.BeginScope(new Dictionary<string, object?> { ["JobId"] = row.JobId, ["CorrelationId"] = row.CorrelationId, ["MessageId"] = row.MessageId });

    /// <summary>Samples the outbox depth for the metrics and prunes old sent rows, each on its own interval.</summary>
    private async Task HousekeepAsync(CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        if (now >= _nextDepthSample)
        {
            _nextDepthSample = now + DepthInterval;
            var (pending, oldest) = await outbox.ReadDepthAsync(ct);
            IngestionMetrics.OutboxPending.Set(pending);
            IngestionMetrics.OutboxOldestPendingAge.Set(oldest is null ? 0 : Math.Max(0, (time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(oldest.Value, DateTimeKind.Utc)).TotalSeconds));
        }

        if (now >= _nextPrune)
        {
            _nextPrune = now + PruneInterval;
            var pruned = await outbox.PruneSentAsync(time.GetUtcNow() - settings.OutboxRetention, 10_000, ct);
            if (pruned > 0)
            {
                logger.LogInformation("Pruned {Count} sent outbox rows older than {Retention}", pruned, settings.OutboxRetention);
            }
        }
    }
}
