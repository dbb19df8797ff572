using Backend.Api.Http;
using Backend.Data.Postgres;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// Turns every failure into a problem+json: exceptions (500 with nothing internal in the body, 503 for a
/// database outage, the status of a bad request) and bodiless error statuses from routing or auth (404, 405, 415, 401…).
/// </summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return;
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            var problem = Classify(context, exception);
            ResetResponse(context);
            if (problem.Status == 503)
            {
                context.Response.Headers.RetryAfter = "5";
            }

            await Problems.WriteAsync(context, problem);
            return;
        }

        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null
            && string.IsNullOrEmpty(context.Response.ContentType) && !HttpMethods.IsHead(context.Request.Method))
        {
            await Problems.WriteAsync(context, Problems.Create(context, context.Response.StatusCode));
        }
    }

    private ApiProblem Classify(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                logger.LogInformation("Rejected a bad request: {Reason}", bad.Message);
                return bad.StatusCode == 413
                    ? Problems.Create(context, 413, $"The request body is larger than the limit of {context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes.")
                    : Problems.Create(context, bad.StatusCode, bad.Message);
            case var _ when DatabaseErrors.IsUnavailable(exception):
                logger.LogWarning("Database unavailable while serving {Method} {Path}: {Error}", context.Request.Method, context.Request.Path.Value, exception.Message);
                return Problems.Create(context, 503, type: "database-unavailable", title: "Database unavailable");
            default:
                logger.LogError(exception, "Unhandled exception while serving {Method} {Path}", context.Request.Method, context.Request.Path.Value);
                return Problems.Create(context, 500);
        }
    }

    private static void ResetResponse(HttpContext context)
    {
        // Keep what CORS decided so browsers can read the problem; drop everything the failed handler set.
        var kept = context.Response.Headers
            .Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || h.Key == "Vary")
            .ToList();
        context.Response.Clear();
        foreach (var (key, value) in kept)
        {
            context.Response.Headers[key] = value;
        }
    }
}
