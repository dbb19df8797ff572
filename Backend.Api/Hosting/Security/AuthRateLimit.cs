using System.Globalization;
using System.Threading.RateLimiting;
using Backend.Api.Features.Auth;
using Backend.Api.Hosting.Metrics;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace Backend.Api.Hosting.Security;

/// <summary>Per-client-IP fixed window for the auth endpoints (AUTH_RATE_LIMIT per AUTH_RATE_WINDOW); 429 problem with Retry-After.</summary>
internal static class AuthRateLimit
{
    public static void Configure(RateLimiterOptions options, AuthSettings settings)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(RateLimitPolicies.Auth, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.RateLimitPermits,
                Window = settings.RateLimitWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
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
