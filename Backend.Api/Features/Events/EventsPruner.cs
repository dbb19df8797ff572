using Backend.Api.Features.Ingestion;
using Backend.Data.Events;

namespace Backend.Api.Features.Events;

/// <summary>
/// Deletes events older than EVENTS_RETENTION, every few minutes, in bounded chunks. Events not yet published to the
/// broker are kept (they still have to leave) unless no broker is configured. Resuming below a pruned position is a 410.
/// </summary>
internal sealed class EventsPruner(EventRepository events, EventsSettings settings, IngestionSettings broker, TimeProvider time, ILogger<EventsPruner> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public async Task<int> PruneOnceAsync(CancellationToken ct)
    {
        var total = 0;
        int pruned;
        do
        {
            pruned = await events.PruneAsync(time.GetUtcNow() - settings.Retention, broker.RabbitMqUrl is null, 10_000, ct);
            total += pruned;
        }
        while (pruned == 10_000);

        if (total > 0)
        {
            logger.LogInformation("Pruned {Count} events older than {Retention}", total, settings.Retention);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    await PruneOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning("Pruning events failed: {Error}", exception.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
