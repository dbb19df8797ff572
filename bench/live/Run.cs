namespace LiveBench;

/// <summary>
/// What the subscribers share: the measured window (events whose commit timestamp falls in it are timed), the
/// positions anyone received (so each subscriber's misses can be counted against the union), and the probes.
/// </summary>
internal sealed class Run(int maxProbes)
{
    private const int Window = 1 << 24;
    private readonly byte[] _seen = new byte[Window];
    private long _base = -1;
    private long _measureFrom = long.MaxValue;
    private long _measureTo = long.MaxValue;

    public long MeasureFrom => Volatile.Read(ref _measureFrom);

    public long MeasureTo => Volatile.Read(ref _measureTo);

    /// <summary>Per probe number: request sent, response received and the event's commit timestamp (DateTime ticks).</summary>
    public long[] ProbeSent { get; } = new long[maxProbes];

    public long[] ProbeAnswered { get; } = new long[maxProbes];

    public long[] ProbeCommitted { get; } = new long[maxProbes];

    public void StartMeasuring(long ticks) => Volatile.Write(ref _measureFrom, ticks);

    public void StopMeasuring(long ticks) => Volatile.Write(ref _measureTo, ticks);

    public void Seen(long position)
    {
        if (Volatile.Read(ref _base) < 0)
        {
            Interlocked.CompareExchange(ref _base, position, -1);
        }

        var index = position - Volatile.Read(ref _base);
        if (index is >= 0 and < Window)
        {
            _seen[index] = 1;
        }
    }

    /// <summary>How many distinct positions anyone received, and how many in [first seen, <paramref name="last"/>] nobody did.</summary>
    public (long Distinct, long Gaps) Union(long last)
    {
        if (_base < 0)
        {
            return (0, 0);
        }

        long distinct = 0;
        var span = Math.Min(Window, last - _base + 1);
        for (var i = 0; i < span; i++)
        {
            distinct += _seen[i];
        }

        return (distinct, span - distinct);
    }
}
