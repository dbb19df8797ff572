using Serilog;
using Serilog.Context;

namespace Backend.Api.Hosting.Auth;

/// <summary>After authentication: puts user_id and role on every log line of the request and on its summary line.</summary>
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
        diagnostics.Set("user_id", userId.Value.ToString());
        diagnostics.Set("role", role);
        using (LogContext.PushProperty("user_id", userId.Value.ToString()))
        using (LogContext.PushProperty("role", role))
        {
            await next(context);
        }
    }
}
