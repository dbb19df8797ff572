using System.Collections.Concurrent;
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

    // The labelled children of both series, looked up once per (method, route template, status): bounded by the routes,
    // the methods above and the status codes, and no label array or status string is built per request.
    private static readonly ConcurrentDictionary<(string Method, string Route, int Status), Series> Children = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        BackendMetrics.HttpRequestsInProgress.Inc();
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
            BackendMetrics.HttpRequestsInProgress.Dec();
            var method = KnownMethods.TryGetValue(context.Request.Method, out var known) ? known : "OTHER";
            // An exception escaping before the response started is answered 500 by the server.
            var status = failed && !context.Response.HasStarted ? 500 : context.Response.StatusCode;
            var series = Children.GetOrAdd((method, RouteTemplate.Of(context), status), static key => new Series(
                BackendMetrics.HttpRequests.WithLabels(key.Method, key.Route, key.Status.ToString(CultureInfo.InvariantCulture)),
                BackendMetrics.HttpRequestDuration.WithLabels(key.Method, key.Route, key.Status.ToString(CultureInfo.InvariantCulture))));
            series.Count.Inc();
            series.Duration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private sealed record Series(Counter.Child Count, Histogram.Child Duration);
}
