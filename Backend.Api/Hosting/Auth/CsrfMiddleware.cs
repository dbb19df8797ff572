namespace Backend.Api.Hosting.Auth;

/// <summary>Requests authenticated by the access cookie must echo the CSRF cookie in X-CSRF-Token on unsafe methods.</summary>
internal sealed class CsrfMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(AuthCookies.AuthenticatedByCookie, out var byCookie) && byCookie is true && AuthCookies.IsUnsafe(context.Request.Method) && !AuthCookies.HasValidCsrfHeader(context))
        {
            await Problems.WriteAsync(context, CsrfProblem(context));
            return;
        }

        await next(context);
    }

    public static ApiProblem CsrfProblem(HttpContext context) =>
        Problems.Create(context, 403, $"Cookie-authenticated requests must send the {AuthCookies.CsrfHeader} header equal to the {AuthCookies.Csrf} cookie.", "csrf", "CSRF token missing or invalid");
}
