using System.Diagnostics;
using System.Globalization;
using Backend.Api.Hosting.Metrics;
using Prometheus;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// Counts and times every request by method, route template and status. Sits outside the error handling so it
/// sees the status the client gets, and reads the endpoint after routing ran further in.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next)
{
    // Anything else a client sends becomes OTHER, so a scanner cannot mint new series.
    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal) { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" };

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        using var inProgress = BackendMetrics.HttpRequestsInProgress.TrackInProgress();
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var method = KnownMethods.Contains(context.Request.Method) ? context.Request.Method : "OTHER";
            var route = RouteTemplate.Of(context);
            // An exception escaping before the response started is answered 500 by the server.
            var status = (failed && !context.Response.HasStarted ? 500 : context.Response.StatusCode).ToString(CultureInfo.InvariantCulture);
            BackendMetrics.HttpRequests.WithLabels(method, route, status).Inc();
            BackendMetrics.HttpRequestDuration.WithLabels(method, route, status).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
