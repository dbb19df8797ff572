using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Backend.Api.Features.Auth;
using Backend.Api.Hosting.Metrics;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace Backend.Api.Hosting.Security;

/// <summary>
/// Per-client-IP fixed window for the auth endpoints (AUTH_RATE_LIMIT per AUTH_RATE_WINDOW). Every limited response
/// carries the IETF draft headers (draft-ietf-httpapi-ratelimit-headers): <c>RateLimit-Policy: "auth";q=…;w=…</c> and
/// <c>RateLimit: "auth";r=…;t=…</c> (remaining requests, seconds until the window resets); a 429 problem adds Retry-After.
/// </summary>
internal static class AuthRateLimit
{
    private const int MaxTrackedClients = 10_000;

    public static void Configure(RateLimiterOptions options, AuthSettings settings)
    {
        var windows = new ConcurrentDictionary<string, (FixedWindowRateLimiter Limiter, long Started)>(StringComparer.Ordinal);
        var windowSeconds = Math.Max(1, (int)Math.Ceiling(settings.RateLimitWindow.TotalSeconds));
        var policyHeader = $"\"{RateLimitPolicies.Auth}\";q={settings.RateLimitPermits};w={windowSeconds}";
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(RateLimitPolicies.Auth, context =>
        {
            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["RateLimit-Policy"] = policyHeader;
                if (windows.TryGetValue(client, out var window))
                {
                    var remaining = window.Limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;
                    var elapsed = Stopwatch.GetElapsedTime(window.Started).TotalSeconds % settings.RateLimitWindow.TotalSeconds;
                    var reset = Math.Max(0, (int)Math.Ceiling(settings.RateLimitWindow.TotalSeconds - elapsed));
                    context.Response.Headers["RateLimit"] = $"\"{RateLimitPolicies.Auth}\";r={remaining};t={reset}";
                }

                return Task.CompletedTask;
            });
            return RateLimitPartition.Get(client, key =>
            {
                // The partitioned limiter creates (and, when idle, disposes) one limiter per client; the headers read the current one.
                var limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.RateLimitPermits,
                    Window = settings.RateLimitWindow,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
                windows[key] = (limiter, Stopwatch.GetTimestamp());
                if (windows.Count > MaxTrackedClients)
                {
                    // Forget clients quiet for two windows (their limiter is idle and gets replaced on their next request).
                    foreach (var stale in windows.Where(w => Stopwatch.GetElapsedTime(w.Value.Started) > 2 * settings.RateLimitWindow).Select(w => w.Key).ToList())
                    {
                        windows.TryRemove(stale, out _);
                    }
                }

                return limiter;
            });
        });
        options.OnRejected = async (rejection, ct) =>
        {
            var context = rejection.HttpContext;
            BackendMetrics.RateLimitRejected(RateLimitPolicies.Auth);
            var retryAfter = rejection.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : settings.RateLimitWindow;
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(context, Problems.Create(context, 429, $"Too many authentication requests from this address; retry in {seconds} s."));
        };
    }
}
