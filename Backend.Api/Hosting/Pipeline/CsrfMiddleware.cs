using Backend.Api.Http;
using Backend.Api.Http.Security;
namespace Backend.Api.Hosting.Pipeline;

/// <summary>Requests authenticated by the access cookie must echo the CSRF cookie in X-CSRF-Token on unsafe methods.</summary>
internal sealed class CsrfMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(AuthCookies.AuthenticatedByCookie, out var byCookie) && byCookie is true && AuthCookies.IsUnsafe(context.Request.Method) && !AuthCookies.HasValidCsrfHeader(context))
        {
            await Problems.WriteAsync(context, AuthCookies.CsrfProblem(context));
            return;
        }

        await next(context);
    }
}
