using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Backend.Api.Hosting.Metrics;

/// <summary>
/// Publishes this host's connection pool: <c>backend_db_pool_connections</c> is read from <see cref="PoolStatistics"/>
/// at scrape time, <c>backend_db_command_duration_seconds</c> is fed by Npgsql's <c>db.client.operation.duration</c>.
/// The registry and the listener are process-wide; each host adds its pool on start and removes its series on stop.
/// </summary>
internal sealed class DatabaseMetrics(PoolStatistics pool) : IHostedService
{
    private const string CommandDurationInstrument = "db.client.operation.duration";

    private static readonly ConcurrentDictionary<string, PoolStatistics> Pools = new(StringComparer.Ordinal);

    // The command-duration child of each live pool, so a command builds no label array.
    private static readonly ConcurrentDictionary<string, Prometheus.Histogram.Child> CommandDurations = new(StringComparer.Ordinal);
    private static readonly Lazy<MeterListener> CommandListener = new(StartCommandListener, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _registered;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(UpdatePoolGauges);
        }

        _ = CommandListener.Value;
        Pools[pool.PoolName] = pool;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Pools.TryRemove(pool.PoolName, out _);
        foreach (var state in States)
        {
            BackendMetrics.DbPoolConnections.RemoveLabelled(pool.PoolName, state);
        }

        CommandDurations.TryRemove(pool.PoolName, out _);
        BackendMetrics.DbCommandDuration.RemoveLabelled(pool.PoolName);
        return Task.CompletedTask;
    }

    private static readonly string[] States = ["busy", "idle", "max"];

    private static void UpdatePoolGauges()
    {
        foreach (var (name, statistics) in Pools)
        {
            var figures = statistics.Read();
            BackendMetrics.DbPoolConnections.WithLabels(name, "busy").Set(figures.Busy);
            BackendMetrics.DbPoolConnections.WithLabels(name, "idle").Set(figures.Idle);
            BackendMetrics.DbPoolConnections.WithLabels(name, "max").Set(figures.Max);
        }
    }

    private static MeterListener StartCommandListener()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Npgsql" && instrument.Name == CommandDurationInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>(RecordCommand);
        listener.Start();
        return listener;
    }

    private static void RecordCommand(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var (key, tagValue) in tags)
        {
            // Only pools of live hosts: a series per pool name, never per query.
            if (key.EndsWith("pool.name", StringComparison.Ordinal) && tagValue is string name && Pools.ContainsKey(name))
            {
                var seconds = instrument.Unit == "ms" ? value / 1000 : value;
                CommandDurations.GetOrAdd(name, static pool => BackendMetrics.DbCommandDuration.WithLabels(pool)).Observe(seconds);
                return;
            }
        }
    }
}
