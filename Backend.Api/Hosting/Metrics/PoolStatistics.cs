using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Backend.Api.Hosting.Metrics;

/// <summary>Reads the connection-pool gauges Npgsql publishes (meter "Npgsql") for one named data source.</summary>
internal sealed class PoolStatistics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _values = new(StringComparer.Ordinal);
    private readonly string _poolName;
    private readonly Lock _gate = new();

    public PoolStatistics(string poolName)
    {
        _poolName = poolName;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name.StartsWith("db.client.connection", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string PoolName => _poolName;

    public sealed record Snapshot(long Busy, long Idle, long Max);

    public Snapshot Read()
    {
        lock (_gate)
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return new Snapshot(
                _values.GetValueOrDefault("used"),
                _values.GetValueOrDefault("idle"),
                _values.GetValueOrDefault("max"));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? pool = null;
        string? state = null;
        foreach (var (key, tagValue) in tags)
        {
            if (key.EndsWith("pool.name", StringComparison.Ordinal))
            {
                pool = tagValue as string;
            }
            else if (key.EndsWith("state", StringComparison.Ordinal))
            {
                state = tagValue as string;
            }
        }

        if (pool != _poolName)
        {
            return;
        }

        if (instrument.Name.EndsWith(".max", StringComparison.Ordinal))
        {
            _values["max"] = value;
        }
        else if (state is not null)
        {
            _values[state] = value;
        }
    }
}
