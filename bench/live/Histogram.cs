namespace LiveBench;

/// <summary>
/// A log-linear histogram of non-negative microsecond values: exact below 128 µs, then 64 buckets per power of two
/// (under 1.6 % error), up to about 4.8 hours. One per subscriber, written by one reader at a time; merged at the end.
/// </summary>
internal sealed class Histogram
{
    private const int Linear = 128;
    private const int PerOctave = 64;
    private readonly long[] _counts = new long[Linear + (PerOctave * 40)];

    public long Count { get; private set; }

    public long Max { get; private set; }

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        _counts[Index(micros)]++;
        Count++;
        if (micros > Max)
        {
            Max = micros;
        }
    }

    public void Add(Histogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0–1), as the middle of its bucket; 0 when empty.</summary>
    public long Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return Math.Min(Max, Middle(i));
            }
        }

        return Max;
    }

    private static int Index(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }

        var octave = 63 - (int)long.LeadingZeroCount(value); // ≥ 7
        var index = Linear + ((octave - 7) * PerOctave) + (int)((value >> (octave - 6)) & (PerOctave - 1));
        return Math.Min(index, Linear + (PerOctave * 40) - 1);
    }

    private static long Middle(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var octave = ((index - Linear) / PerOctave) + 7;
        var step = 1L << (octave - 6);
        var low = (1L << octave) + (((index - Linear) % PerOctave) * step);
        return low + (step / 2);
    }
}
