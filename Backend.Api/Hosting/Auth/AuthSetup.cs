using Backend.Api.Hosting.Auth.Delivery;
using Backend.Data.Audit;
using Backend.Data.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Api.Hosting.Auth;

/// <summary>Authentication (JwtBearer, header or cookie; API keys), the role policies, the auth rate limiter and proxy handling.</summary>
internal static class AuthSetup
{
    /// <summary>The default scheme: picks ApiKey or JwtBearer from the request's headers.</summary>
    public const string SelectorScheme = "BearerOrApiKey";

    public static IServiceCollection AddBackendAuth(this IServiceCollection services, AuthSettings settings, TimeProvider time)
    {
        services.AddSingleton(settings);
        services.AddSingleton<UserRepository>();
        services.AddSingleton<RefreshTokenRepository>();
        services.AddSingleton<PasswordResetRepository>();
        services.AddSingleton<AuditRepository>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<TokenRevocationCache>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<Features.Auth.SessionIssuer>();
        services.AddSingleton<PasswordResetQueue>();
        services.AddHostedService<PasswordResetDeliveryService>();
        if (settings.ResetWebhookUrl is not null)
        {
            services.AddHttpClient<IPasswordResetSender, WebhookPasswordResetSender>(client => client.Timeout = TimeSpan.FromSeconds(10));
        }
        else
        {
            services.AddSingleton<IPasswordResetSender, LogPasswordResetSender>();
        }

        services.AddSingleton<ApiKeyRepository>();
        var authentication = services.AddAuthentication(SelectorScheme);
        // One default scheme that forwards per request: API-key headers go to the ApiKey handler, everything else to JwtBearer.
        authentication.AddPolicyScheme(SelectorScheme, SelectorScheme, options => options.ForwardDefaultSelector = context =>
            ApiKeys.FromRequest(context.Request) is null ? JwtBearerDefaults.AuthenticationScheme : ApiKeys.Scheme);
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeys.Scheme, null);
        authentication.AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TimeProvider = time;
            options.TokenValidationParameters = ValidationParameters(settings, time);
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (string.IsNullOrEmpty(context.Request.Headers.Authorization) && context.Request.Cookies[AuthCookies.Access] is { Length: > 0 } cookie)
                    {
                        context.Token = cookie;
                        context.HttpContext.Items[AuthCookies.AuthenticatedByCookie] = false;
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = ValidateAgainstUserAsync,
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.User, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.User)))
            .AddPolicy(AuthPolicies.Moderator, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.Moderator)))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.Admin)));
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

    public static void UseBackendAuth(this IApplicationBuilder app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<UserLogContextMiddleware>();
        app.UseMiddleware<CsrfMiddleware>();
        app.UseAuthorization();
    }

    public static TokenValidationParameters ValidationParameters(AuthSettings settings, TimeProvider time) => new()
    {
        ValidIssuer = settings.Issuer,
        ValidAudience = settings.Audience,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        IssuerSigningKeys = settings.Keys.ValidationKeys,
        ValidAlgorithms = [settings.Keys.Algorithm],
        ClockSkew = settings.ClockSkew,
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } exp && exp > now - parameters.ClockSkew && (notBefore is not { } nbf || nbf <= now + parameters.ClockSkew);
        },
        NameClaimType = JwtClaims.Subject,
        RoleClaimType = JwtClaims.Role,
    };

    /// <summary>Every claim checked: sub is a uuid, role is known, iat and jti present, and the user's revocation instant respected.</summary>
    private static async Task ValidateAgainstUserAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var userId = principal.UserId();
        var role = principal.Role();
        if (userId is null || Roles.Rank(role) < 0 || context.SecurityToken is not JsonWebToken jwt
            || !jwt.TryGetPayloadValue<long>(JwtClaims.IssuedAt, out _) || string.IsNullOrEmpty(jwt.Id))
        {
            context.Fail("The token lacks a valid sub, role, iat or jti claim.");
            return;
        }

        var cache = context.HttpContext.RequestServices.GetRequiredService<TokenRevocationCache>();
        if (!await cache.IsCurrentAsync(userId.Value, new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero), role!, context.HttpContext.RequestAborted))
        {
            context.Fail("The token was revoked.");
            return;
        }

        if (context.HttpContext.Items.ContainsKey(AuthCookies.AuthenticatedByCookie))
        {
            context.HttpContext.Items[AuthCookies.AuthenticatedByCookie] = true;
        }
    }
}
