namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>Exponential backoff with jitter: attempt n waits a random time between half and all of min(max, base · 2ⁿ).</summary>
internal static class RetryBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponent = Math.Min(Math.Max(attempt, 0), 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }
}
