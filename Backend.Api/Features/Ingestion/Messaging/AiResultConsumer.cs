using Backend.Api.Http;
using Backend.Data.Postgres;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// Consumes ai.results and ai.errors with manual acks and a prefetch window; each message is handled in one database
/// transaction and acked after it commits. Malformed and unknown-job messages are moved to the dead-letter queue with the
/// reason in a header (then acked), so they never block the queue; a database outage leaves the message for redelivery.
/// </summary>
internal sealed class AiResultConsumer(
    IngestionSettings settings,
    ServiceInfo service,
    AiMessageHandler handler,
    ConsumerHooks hooks,
    ILogger<AiResultConsumer> logger) : BackgroundService
{
    private readonly SemaphoreSlim _deadLetterLock = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.RabbitMqUrl is null)
        {
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var factory = BrokerTopology.Factory(settings, service.ModuleId + "-ai-consumer");
                await using var connection = await factory.CreateConnectionAsync(stoppingToken);
                var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                connection.ConnectionShutdownAsync += (_, args) =>
                {
                    closed.TrySetResult();
                    return Task.CompletedTask;
                };
                await using var deadLetters = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
                deadLetters.ChannelShutdownAsync += (_, args) =>
                {
                    closed.TrySetResult();
                    return Task.CompletedTask;
                };
                await BrokerTopology.DeclareAsync(deadLetters, stoppingToken);
                var concurrency = (ushort)Math.Clamp((int)settings.Prefetch, 1, 8);
                await using var channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: concurrency),
                    stoppingToken);
                channel.ChannelShutdownAsync += (_, args) =>
                {
                    closed.TrySetResult();
                    return Task.CompletedTask;
                };
                await channel.BasicQosAsync(0, settings.Prefetch, false, stoppingToken);
                foreach (var queue in new[] { AiQueues.Results, AiQueues.Errors })
                {
                    var consumer = new AsyncEventingBasicConsumer(channel);
                    consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(queue, channel, deadLetters, delivery, stoppingToken);
                    await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken);
                }

                logger.LogInformation("Consuming {Results} and {Errors} (prefetch {Prefetch})", AiQueues.Results, AiQueues.Errors, settings.Prefetch);
                failures = 0;
                await closed.Task.WaitAsync(stoppingToken);
                logger.LogWarning("The broker connection of the AI consumer closed; reconnecting");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                var delay = RetryBackoff.Delay(failures++, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
                logger.LogWarning("The AI consumer cannot use the broker ({Error}); retrying in {DelayMs} ms", BrokerErrors.Describe(exception), (int)delay.TotalMilliseconds);
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

    private async Task OnReceivedAsync(string queue, IChannel channel, IChannel deadLetters, BasicDeliverEventArgs delivery, CancellationToken ct)
    {
        var body = delivery.Body.ToArray();
        var messageId = delivery.BasicProperties.MessageId;
        try
        {
            var outcome = queue == AiQueues.Results
                ? await handler.HandleResultAsync(body, delivery.Redelivered, ct)
                : await handler.HandleErrorAsync(body, delivery.Redelivered, ct);
            using var scope = logger.BeginScope(new Dictionary<string, object?> { ["JobId"] = outcome.JobId, ["CorrelationId"] = outcome.CorrelationId, ["MessageId"] = messageId });
            if (outcome.DeadLetterReason is { } reason)
            {
                await DeadLetterAsync(deadLetters, queue, body, delivery, outcome.ReasonKind ?? "malformed", reason, outcome.CorrelationId, ct);
            }

            if (hooks.AfterCommitBeforeAck is { } hook)
            {
                await hook(queue, ct);
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
            IngestionMetrics.Consumed.WithLabels(queue, outcome.Outcome).Inc();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the unacked message is redelivered to the next consumer.
        }
        catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception))
        {
            logger.LogWarning("Database unavailable while handling a message from {Queue} ({Error}); it will be redelivered", queue, exception.Message);
            IngestionMetrics.Consumed.WithLabels(queue, "requeued").Inc();
            await TryAsync(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, ct);
            });
        }
        catch (Exception exception)
        {
            // A bug or a row the database refuses: park the message with the reason rather than loop on it.
            logger.LogError(exception, "Handling a message from {Queue} failed; moving it to {DeadLetterQueue}", queue, AiQueues.DeadLetter);
            await TryAsync(async () =>
            {
                await DeadLetterAsync(deadLetters, queue, body, delivery, "rejected", "processing failed: " + exception.GetType().Name + ": " + exception.Message, null, ct);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
                IngestionMetrics.Consumed.WithLabels(queue, "dead_lettered").Inc();
            });
        }
    }

    private async Task DeadLetterAsync(
        IChannel deadLetters, string queue, byte[] body, BasicDeliverEventArgs delivery, string kind, string reason, string? correlationId, CancellationToken ct)
    {
        var source = delivery.BasicProperties;
        var properties = new BasicProperties
        {
            MessageId = source.MessageId,
            CorrelationId = source.CorrelationId ?? correlationId,
            ContentType = source.ContentType ?? "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [AiQueues.ReasonHeader] = reason.Length > 1000 ? reason[..1000] : reason,
                [AiQueues.OriginalQueueHeader] = queue,
                [AiQueues.CorrelationHeader] = correlationId,
            },
        };
        await _deadLetterLock.WaitAsync(ct);
        try
        {
            await deadLetters.BasicPublishAsync(string.Empty, AiQueues.DeadLetter, mandatory: true, properties, body, ct);
        }
        finally
        {
            _deadLetterLock.Release();
        }

        IngestionMetrics.DeadLettered.WithLabels(queue, kind).Inc();
        logger.LogWarning("Moved a message from {Queue} to {DeadLetterQueue}: {Reason}", queue, AiQueues.DeadLetter, reason);
    }

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception)
        {
            // The channel is gone: the broker redelivers the unacked message after reconnecting.
            logger.LogWarning("Could not settle a message ({Error}); the broker will redeliver it", exception.Message);
        }
    }

    public override void Dispose()
    {
        _deadLetterLock.Dispose();
        base.Dispose();
    }
}
