using Backend.Api.Http;
using Backend.Api.Http.Security;
namespace Backend.Api.Hosting.Pipeline;

/// <summary>
/// Requests authenticated by the access cookie must echo the CSRF cookie in X-CSRF-Token on unsafe methods, and the value
/// must be the HMAC of the access token's session (sid), not any value the client picked.
/// </summary>
internal sealed class CsrfMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CsrfTokens csrf)
    {
        if (context.Items.TryGetValue(AuthCookies.AuthenticatedByCookie, out var byCookie) && byCookie is true && AuthCookies.IsUnsafe(context.Request.Method)
            && !csrf.IsValid(context, context.User.SessionId()))
        {
            await Problems.WriteAsync(context, AuthCookies.CsrfProblem(context));
            return;
        }

        await next(context);
    }
}
