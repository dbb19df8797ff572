using System.Text;

namespace LiveBench;

/// <summary>Span-level reading of the service's event frames: no JSON DOM per event, so the reader stays cheap.</summary>
internal static class Wire
{
    public const string ProbePrefix = "live-probe-";
    private static readonly byte[] TimestampKey = Encoding.ASCII.GetBytes("\"timestamp\":\"");
    private static readonly byte[] IdKey = Encoding.ASCII.GetBytes("\"id\":");
    private static readonly byte[] ProbeKey = Encoding.ASCII.GetBytes("\"correlation_id\":\"" + ProbePrefix);
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>The event's <c>timestamp</c> ("2026-11-29T17:25:47.658086Z", UTC) as DateTime ticks; 0 when absent.</summary>
    public static long TimestampTicks(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf(TimestampKey);
        if (at < 0 || json.Length < at + TimestampKey.Length + 20)
        {
            return 0;
        }

        var t = json[(at + TimestampKey.Length)..];
        var seconds = new DateTime(Digits(t[..4]), Digits(t.Slice(5, 2)), Digits(t.Slice(8, 2)), Digits(t.Slice(11, 2)), Digits(t.Slice(14, 2)), Digits(t.Slice(17, 2)), DateTimeKind.Utc).Ticks;
        long fraction = 0;
        var scale = 1_000_000L; // ticks per second = 10^7; the first fractional digit is 10^6 ticks
        if (t.Length > 19 && t[19] == (byte)'.')
        {
            for (var i = 20; i < t.Length && t[i] is >= (byte)'0' and <= (byte)'9'; i++)
            {
                fraction += (t[i] - '0') * scale;
                scale /= 10;
            }
        }

        return seconds + fraction;
    }

    /// <summary>The first <c>"id":N</c> (the WebSocket message's position); 0 when absent.</summary>
    public static long Id(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf(IdKey);
        return at < 0 ? 0 : Number(json[(at + IdKey.Length)..]);
    }

    /// <summary>The probe number when the correlation id is <c>live-probe-N</c>, else -1.</summary>
    public static int Probe(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf(ProbeKey);
        return at < 0 ? -1 : (int)Number(json[(at + ProbeKey.Length)..]);
    }

    public static long Number(ReadOnlySpan<byte> text)
    {
        long value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    public static long MicrosSinceEpoch(long ticks) => (ticks - UnixEpochTicks) / 10;

    private static int Digits(ReadOnlySpan<byte> text) => (int)Number(text);
}
