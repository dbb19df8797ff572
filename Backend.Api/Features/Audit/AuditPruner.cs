using Backend.Data.Audit;

namespace Backend.Api.Features.Audit;

/// <summary>Deletes audit events older than AUDIT_RETENTION_DAYS at startup and then daily (any replica may; the DELETE is idempotent).</summary>
internal sealed class AuditPruner(AuditRepository repository, AuditSettings settings, TimeProvider time, ILogger<AuditPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), time);
        do
        {
            try
            {
                var cutoff = time.GetUtcNow() - TimeSpan.FromDays(settings.RetentionDays);
                var pruned = await repository.PruneAsync(cutoff, stoppingToken);
                if (pruned > 0)
                {
                    logger.LogInformation("Pruned {Count} audit events older than {RetentionDays} days", pruned, settings.RetentionDays);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Pruning audit events failed: {Error}", exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
