using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Backend.Api.Hosting.Auth;
using Backend.Api.Features.Entities;
using Backend.Api.Features.Events;
using Backend.Api.Features.Ingestion;
using Backend.Api.Hosting.Idempotency;
using Backend.Api.Features.Relationships;
using Backend.Data.Entities;
using Backend.Data.Graph;
using Backend.Data.Relationships;
using Backend.Data.Health;
using Backend.Data.Idempotency;
using FastEndpoints;
using FastEndpoints.Swagger;
using Npgsql;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Backend.Api.Hosting;

/// <summary>Composition of the web host: services (<see cref="AddBackendApi"/>) and the middleware pipeline (<see cref="UseBackendApi"/>).</summary>
internal static class BackendApp
{
    public const string RoutePrefix = "api/v1";
    public const string OpenApiPath = "/api/v1/openapi.json";
    public const string DocsPath = "/api/v1/docs";

    public static WebApplication Build(BackendSettings settings, HostingOptions options, Logger logger, NpgsqlDataSource dataSource)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = settings.Environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Host.UseSerilog(logger, dispose: false);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            kestrel.Listen(options.LoopbackOnly ? IPAddress.Loopback : IPAddress.Any, settings.Port);
        });
        builder.Services.AddBackendApi(settings, options, dataSource);
        var app = builder.Build();
        app.UseBackendApi(settings, logger);
        return app;
    }

    private static void AddBackendApi(this IServiceCollection services, BackendSettings settings, HostingOptions options, NpgsqlDataSource dataSource)
    {
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGracePeriod);
        services.AddSingleton(settings);
        services.AddSingleton(options.Time);
        services.AddSingleton(dataSource);
        services.AddSingleton(new PoolStatistics(options.PoolName ?? settings.ModuleId));
        services.AddHostedService<DatabaseMetrics>();
        services.AddSingleton<DatabaseHealthRepository>();
        services.AddBackendAuth(settings.Auth, options.Time);
        services.AddSingleton(settings.Graph);
        services.AddHttpContextAccessor();
        services.AddSingleton<EntityRepository>();
        services.AddSingleton<EntityUpdater>();
        services.AddSingleton<IdempotencyRepository>();
        services.AddSingleton<IdempotencyGate>();
        services.AddHostedService<IdempotencyPruner>();
        services.AddHostedService<Audit.AuditPruner>();
        services.AddSingleton<Backend.Data.Admin.AdminUserRepository>();
        services.AddSingleton<Features.Admin.Users.UserChanges>();
        services.AddSingleton<RelationshipRepository>();
        services.AddSingleton<RelationshipCreator>();
        services.AddSingleton<RelationshipLister>();
        services.AddSingleton<GraphRepository>();
        services.AddIngestionSlice(settings.Ingestion);
        services.AddEventsSlice(settings.Events);
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins([.. settings.CorsOrigins])
            .AllowCredentials()
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "X-Request-ID", "X-CSRF-Token", "X-API-Key")
            .WithExposedHeaders("X-Request-ID", "ETag", "Location", "Retry-After", "WWW-Authenticate")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        services.AddFastEndpoints(discovery =>
        {
            discovery.DisableAutoDiscovery = true;
            discovery.Assemblies = [typeof(BackendApp).Assembly, .. options.EndpointAssemblies];
        });
        services.SwaggerDocument(document =>
        {
            document.ShortSchemaNames = true;
            document.DocumentSettings = s =>
            {
                s.DocumentName = "v1";
                s.Title = "Backend API";
                s.Version = "v1";
                s.Description = "Accounts, authentication and the knowledge graph. Success bodies are {data, meta, errors}; every error is RFC 9457 application/problem+json.";
                // Swagger UI's Authorize: the OAuth2 password flow against POST /api/v1/auth/token (form username/password).
                s.AddAuth("OAuth2Password", new NSwag.OpenApiSecurityScheme
                {
                    Type = NSwag.OpenApiSecuritySchemeType.OAuth2,
                    Description = "Log in with email (as username) and password.",
                    Flows = new NSwag.OpenApiOAuthFlows { Password = new NSwag.OpenApiOAuthFlow { TokenUrl = "/api/v1/auth/token", Scopes = new Dictionary<string, string>() } },
                });
                // Service API keys (created under /api/v1/admin/api-keys); Authorization: ApiKey <key> works too.
                s.AddAuth(Auth.ApiKeys.Scheme, new NSwag.OpenApiSecurityScheme
                {
                    Type = NSwag.OpenApiSecuritySchemeType.ApiKey,
                    Name = Auth.ApiKeys.Header,
                    In = NSwag.OpenApiSecurityApiKeyLocation.Header,
                    Description = "A service API key (bk_<prefix>_<secret>).",
                });
            };
        });
        options.ConfigureServices?.Invoke(services);
    }

    private static void UseBackendApi(this WebApplication app, BackendSettings settings, Logger logger)
    {
        app.UseMiddleware<RequestContextMiddleware>();
        app.UseTrustedProxies(settings.Auth);
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = logger;
            o.MessageTemplate = "HTTP {RequestMethod} {RouteTemplate} responded {StatusCode} in {Elapsed:0.0} ms";
            o.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
            o.EnrichDiagnosticContext = (diagnostics, context) => diagnostics.Set("RouteTemplate", RouteTemplate.Of(context));
        });
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<ShutdownGateMiddleware>();
        app.UseRouting();
        app.UseCors();
        app.UseBackendAuth();
        app.UseMiddleware<RequestGuardMiddleware>();
        app.UseFastEndpoints(config =>
        {
            config.Endpoints.RoutePrefix = RoutePrefix;
            ApiJson.Configure(config.Serializer.Options);
            config.Serializer.SerializerErrorsField = Problems.SerializerErrorsField;
            config.Errors.ContentType = Problems.ContentType;
            config.Errors.ProducesMetadataType = typeof(ApiProblem);
            config.Errors.ResponseBuilder = (failures, context, status) => Problems.FromValidation(failures, context, status);
        });
        app.UseOpenApi(o => o.Path = OpenApiPath);
        app.UseSwaggerUi(o =>
        {
            o.Path = DocsPath;
            o.DocumentPath = OpenApiPath;
        });
        BackendMetrics.Initialize();
        app.MapBackendMetrics(settings.MetricsToken);
    }
}
