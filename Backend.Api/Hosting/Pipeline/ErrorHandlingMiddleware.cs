using System.Text.RegularExpressions;
using Backend.Api.Http;
using Backend.Data.Postgres;
using Npgsql;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// Turns every failure into a problem+json: exceptions (500 with nothing internal in the body, 503 for a
/// database outage, 400 for a value PostgreSQL refuses as data (SQLSTATE class 22), the status of a bad request) and
/// bodiless error statuses from routing or auth (404, 405, 415, 401…).
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
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
            case PostgresException data when data.SqlState.StartsWith("22", StringComparison.Ordinal):
                // Every request value is checked before it is bound; this is the safety net for one that slipped through.
                var parameter = ParameterOf(context, data);
                logger.LogWarning("Rejected request value in {Parameter}: PostgreSQL data exception {SqlState} ({Error}) while serving {Method} {Path}",
                    parameter, data.SqlState, data.MessageText, context.Request.Method, context.Request.Path.Value);
                return Problems.Create(context, 400, $"The value of {parameter} is not acceptable to the database ({data.MessageText}).", "invalid-value", "Invalid value",
                    [new FieldError(parameter, "database_value", $"is not acceptable to the database: {data.MessageText}")]);
            default:
                logger.LogError(exception, "Unhandled exception while serving {Method} {Path}", context.Request.Method, context.Request.Path.Value);
                return Problems.Create(context, 500);
        }
    }

    /// <summary>
    /// The request parameter whose value PostgreSQL refused: the query or route value equal to the statement parameter the
    /// server names ("portal parameter $n"), else that statement parameter's name, else <c>request</c>.
    /// </summary>
    private static string ParameterOf(HttpContext context, PostgresException exception)
    {
        var match = PortalParameter().Match(exception.Where ?? "");
        var parameters = exception.BatchCommand?.Parameters;
        if (!match.Success || parameters is null || !int.TryParse(match.Groups[1].ValueSpan, out var position) || position < 1 || position > parameters.Count)
        {
            return context.Request.Query.Count == 1 ? context.Request.Query.Keys.Single() : "request";
        }

        var bound = parameters[position - 1];
        var text = Convert.ToString(bound.Value, System.Globalization.CultureInfo.InvariantCulture);
        var query = context.Request.Query.FirstOrDefault(q => q.Value.Contains(text));
        if (query.Key is not null)
        {
            return query.Key;
        }

        var route = context.Request.RouteValues.FirstOrDefault(r => Convert.ToString(r.Value, System.Globalization.CultureInfo.InvariantCulture) == text);
        return route.Key ?? (string.IsNullOrEmpty(bound.ParameterName) ? "request" : Problems.FieldPath(bound.ParameterName.TrimStart('@', ':')));
    }

    [GeneratedRegex(@"parameter \$(\d+)")]
    private static partial Regex PortalParameter();

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
