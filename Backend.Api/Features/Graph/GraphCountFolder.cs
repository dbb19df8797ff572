using Backend.Data.Graph;

namespace Backend.Api.Features.Graph;

/// <summary>
/// Folds the graph count deltas (sql/0024) into their totals every few seconds, so reads of the counts sum a few
/// rows per type instead of one per write. Any number of replicas may run it (a delta is folded once); the counts
/// are exact whether or not it has run.
/// </summary>
internal sealed class GraphCountFolder(GraphRepository graph, TimeProvider time, ILogger<GraphCountFolder> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await graph.FoldCountsAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Folding the graph counts failed: {Error}", exception.Message);
            }
        }
    }
}
