using Backend.Api.Http.Security;
using Serilog;
using Serilog.Context;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>After authentication: puts user_id, role and (for API-key callers) api_key_name on every log line of the request and on its summary line.</summary>
internal sealed class UserLogContextMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IDiagnosticContext diagnostics)
    {
        var userId = context.User.UserId();
        if (userId is null)
        {
            await next(context);
            return;
        }

        var role = context.User.Role();
        var apiKeyName = context.User.ApiKeyName();
        diagnostics.Set("user_id", userId.Value.ToString());
        diagnostics.Set("role", role);
        if (apiKeyName is not null)
        {
            diagnostics.Set("api_key_name", apiKeyName);
        }

        using (LogContext.PushProperty("user_id", userId.Value.ToString()))
        using (LogContext.PushProperty("role", role))
        using (apiKeyName is null ? null : LogContext.PushProperty("api_key_name", apiKeyName))
        {
            await next(context);
        }
    }
}
