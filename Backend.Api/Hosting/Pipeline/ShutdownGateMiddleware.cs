using Backend.Api.Http;
namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// Once a graceful stop has begun (SIGTERM), new requests get 503 with <c>Connection: close</c> so load balancers
/// retry them elsewhere, while requests already running finish within SHUTDOWN_GRACE_PERIOD.
/// </summary>
internal sealed class ShutdownGateMiddleware(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            context.Response.Headers.Connection = "close";
            context.Response.Headers.RetryAfter = "1";
            await Problems.WriteAsync(context, Problems.Create(context, 503, "The service is shutting down; retry the request.", "shutting-down", "Shutting down"));
            return;
        }

        await next(context);
    }
}
