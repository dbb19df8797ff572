using System.Net;
using Backend.Api.Features.Admin;
using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth;
using Backend.Api.Features.Entities;
using Backend.Api.Features.Events;
using Backend.Api.Features.Graph;
using Backend.Api.Features.Ingestion;
using Backend.Api.Features.Relationships;
using Backend.Api.Hosting.Logs;
using Backend.Api.Hosting.Metrics;
using Backend.Api.Hosting.OpenApi;
using Backend.Api.Hosting.Pipeline;
using Backend.Api.Hosting.Security;
using Backend.Api.Hosting.Settings;
using Backend.Api.Http;
using Backend.Data;
using FastEndpoints;
using Npgsql;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Backend.Api.Hosting;

/// <summary>Composition of the web host: services (<see cref="AddBackendApi"/>) and the middleware pipeline (<see cref="UseBackendApi"/>).</summary>
internal static class BackendApp
{
    public static WebApplication Build(BackendSettings settings, HostingOptions options, Logger logger, NpgsqlDataSource dataSource, NpgsqlDataSource? readReplica)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = settings.Environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Host.UseSerilog(logger, dispose: false);
        CachingLoggerFactory.Decorate(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            // Kestrel answers its own limits with an empty body; it gets headroom so RequestLimitsMiddleware
            // answers the documented limits (8 KB request target, 32 KB headers) as problems instead.
            kestrel.Limits.MaxRequestLineSize = RequestLimitsMiddleware.KestrelRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimitsMiddleware.KestrelHeaderBytes;
            kestrel.Listen(options.LoopbackOnly ? IPAddress.Loopback : IPAddress.Any, settings.Port);
        });
        builder.Services.AddBackendApi(settings, options, dataSource, readReplica);
        var app = builder.Build();
        app.UseBackendApi(settings, logger);
        return app;
    }

    private static void AddBackendApi(
        this IServiceCollection services, BackendSettings settings, HostingOptions options, NpgsqlDataSource dataSource, NpgsqlDataSource? readReplica)
    {
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGracePeriod);
        services.AddSingleton(settings);
        services.AddSingleton(new ServiceInfo(settings.ModuleId, settings.CorsOrigins));
        services.AddSingleton(options.Time);
        services.AddSingleton(dataSource);
        services.AddSingleton(new PoolStatistics(options.PoolName ?? settings.ModuleId));
        services.AddHostedService<DatabaseMetrics>();
        var replicaPool = new ReplicaPoolStatistics(
            readReplica is null ? null : new PoolStatistics(DatabaseStartup.ReplicaPoolName(options.PoolName ?? settings.ModuleId)));
        services.AddSingleton(replicaPool);
        if (replicaPool.Statistics is { } replicaStatistics)
        {
            services.AddSingleton<IHostedService>(new DatabaseMetrics(replicaStatistics));
        }

        services.AddHttpContextAccessor();
        services.AddBackendData(settings.Pool, readReplica);
        services.AddHttpKit();
        services.AddBackendSecurity(settings.Auth);
        services.AddAuthSlice(settings.Auth, options.Time);
        services.AddAuditSlice(new AuditSettings(settings.AuditRetentionDays));
        services.AddGraphSlice(settings.Graph);
        services.AddEntitiesSlice();
        services.AddRelationshipsSlice();
        services.AddAdminSlice();
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
        services.AddBackendOpenApi();
        options.ConfigureServices?.Invoke(services);
    }

    private static void UseBackendApi(this WebApplication app, BackendSettings settings, Logger logger)
    {
        app.UseMiddleware<RequestContextMiddleware>();
        app.UseMiddleware<RequestLimitsMiddleware>();
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
        app.UseMiddleware<HeadRequestMiddleware>();
        app.UseMiddleware<BodilessRequestMiddleware>();
        app.UseRouting();
        app.UseCors();
        app.UseBackendSecurity();
        app.UseMiddleware<RequestGuardMiddleware>();
        app.UseFastEndpoints(config =>
        {
            config.Endpoints.RoutePrefix = ApiRoutes.Prefix;
            ApiJson.Configure(config.Serializer.Options);
            config.Serializer.SerializerErrorsField = Problems.SerializerErrorsField;
            config.Errors.ContentType = Problems.ContentType;
            config.Errors.ProducesMetadataType = typeof(ApiProblem);
            config.Errors.ResponseBuilder = (failures, context, status) => Problems.FromValidation(failures, context, status);
        });
        app.UseBackendOpenApi();
        BackendMetrics.Initialize();
        app.MapBackendMetrics(settings.MetricsToken);
    }
}
