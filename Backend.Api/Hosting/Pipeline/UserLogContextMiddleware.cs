using Backend.Api.Hosting.Logs;
using Backend.Api.Http.Security;

namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// After authentication: puts user_id, role and (for API-key callers) api_key_name on every log line of the request and on
/// its summary line, through the request's <see cref="RequestLogProperties"/>.
/// </summary>
internal sealed class UserLogContextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.UserId() is { } userId && context.Features.Get<RequestLogProperties>() is { } properties)
        {
            properties.SetCaller(userId.ToString(), context.User.Role(), context.User.ApiKeyName());
        }

        return next(context);
    }
}
