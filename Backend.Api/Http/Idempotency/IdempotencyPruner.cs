using Backend.Data.Idempotency;

namespace Backend.Api.Http.Idempotency;

/// <summary>Deletes expired Idempotency-Key records every hour (any replica may do it; the DELETE is idempotent).</summary>
internal sealed class IdempotencyPruner(IdempotencyRepository repository, TimeProvider time, ILogger<IdempotencyPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var pruned = await repository.PruneExpiredAsync(time.GetUtcNow(), stoppingToken);
                if (pruned > 0)
                {
                    logger.LogInformation("Pruned {Count} expired idempotency keys", pruned);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Pruning idempotency keys failed: {Error}", exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
