namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// HEAD on every GET route (RFC 9110 §9.3.2): the request is routed and answered as the GET, so status and headers are
/// the same, and Kestrel sends no body for a HEAD request. A 405 whose <c>Allow</c> lists GET lists HEAD too.
/// Runs before routing.
/// </summary>
internal sealed class HeadRequestMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            AddHeadToAllow(((HttpContext)state).Response);
            return Task.CompletedTask;
        }, context);

        return HttpMethods.IsHead(context.Request.Method) ? AsGetAsync(context) : next(context);
    }

    private async Task AsGetAsync(HttpContext context)
    {
        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
        }
    }

    private static void AddHeadToAllow(HttpResponse response)
    {
        var allow = response.Headers.Allow.ToString();
        if (allow.Length == 0)
        {
            return;
        }

        var methods = allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (methods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase) && !methods.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase))
        {
            methods.Insert(methods.FindIndex(m => m.Equals(HttpMethods.Get, StringComparison.OrdinalIgnoreCase)) + 1, HttpMethods.Head);
            response.Headers.Allow = string.Join(", ", methods);
        }
    }
}
