using Backend.Api.Features.Auth;
using Backend.Api.Hosting.Pipeline;
using Microsoft.AspNetCore.HttpOverrides;

namespace Backend.Api.Hosting.Security;

/// <summary>
/// Where security sits in the pipeline: trusted proxies first, then the rate limiter, authentication (schemes registered by
/// the Auth slice), the user's log context, CSRF and authorization.
/// </summary>
internal static class SecuritySetup
{
    /// <summary>The auth rate limiter and the forwarded-headers rules (TRUSTED_PROXIES).</summary>
    public static IServiceCollection AddBackendSecurity(this IServiceCollection services, AuthSettings settings)
    {
        services.AddRateLimiter(options => AuthRateLimit.Configure(options, settings));
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = null;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in settings.TrustedProxies)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>Client IP from X-Forwarded-For, but only when the connection comes from a TRUSTED_PROXIES address.</summary>
    public static void UseTrustedProxies(this IApplicationBuilder app, AuthSettings settings)
    {
        if (settings.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }
    }

    public static void UseBackendSecurity(this IApplicationBuilder app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<UserLogContextMiddleware>();
        app.UseMiddleware<CsrfMiddleware>();
        app.UseAuthorization();
    }
}
