using Backend.Api.Features.Auth.Delivery;
using Backend.Api.Features.Auth.Passwords;
using Backend.Api.Features.Auth.Tokens;
using Backend.Api.Http.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Backend.Api.Features.Auth;

/// <summary>Registers accounts and authentication: sessions, passwords, reset delivery, the token and API-key schemes and the role policies.</summary>
internal static class AuthSlice
{
    /// <summary>The default scheme: picks ApiKey or JwtBearer from the request's headers.</summary>
    private const string SelectorScheme = "BearerOrApiKey";

    public static IServiceCollection AddAuthSlice(this IServiceCollection services, AuthSettings settings, TimeProvider time)
    {
        services.AddSingleton(settings);
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<TokenRevocationCache>();
        services.AddSingleton<ValidatedTokenCache>();
        services.AddSingleton(new CsrfTokens(JwtKeyMaterial.CsrfKey(settings.Keys)));
        services.AddSingleton<SessionIssuer>();
        services.AddSingleton<LoginAttempts>();
        services.AddSingleton<AdminAccounts>();
        services.AddSingleton<PasswordResetQueue>();
        services.AddHostedService<PasswordResetDeliveryService>();
        services.AddHostedService<CanonicalEmailBackfill>();
        if (settings.ResetWebhookUrl is not null)
        {
            services.AddHttpClient<IPasswordResetSender, WebhookPasswordResetSender>(client => client.Timeout = TimeSpan.FromSeconds(10));
        }
        else
        {
            services.AddSingleton<IPasswordResetSender, LogPasswordResetSender>();
        }

        services.AddSingleton<AccessTokenEvents>();
        var authentication = services.AddAuthentication(SelectorScheme);
        // One default scheme that forwards per request: API-key headers go to the ApiKey handler, everything else to JwtBearer.
        authentication.AddPolicyScheme(SelectorScheme, SelectorScheme, options => options.ForwardDefaultSelector = context =>
            ApiKeys.FromRequest(context.Request) is null ? JwtBearerDefaults.AuthenticationScheme : ApiKeys.Scheme);
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeys.Scheme, null);
        authentication.AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TimeProvider = time;
            options.TokenValidationParameters = AccessTokenEvents.ValidationParameters(settings, time);
            options.EventsType = typeof(AccessTokenEvents);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.User, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.User)))
            .AddPolicy(AuthPolicies.Moderator, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.Moderator)))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.Admin)));
        AuthMetrics.Initialize();
        return services;
    }
}
