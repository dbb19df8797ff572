using Backend.Data.Admin;
using Backend.Data.Audit;
using Backend.Data.Auth;
using Backend.Data.Entities;
using Backend.Data.Events;
using Backend.Data.Graph;
using Backend.Data.Health;
using Backend.Data.Idempotency;
using Backend.Data.Ingest;
using Backend.Data.Relationships;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Data;

/// <summary>Registers every repository once, as a singleton over the one pooled <c>NpgsqlDataSource</c> the host registers.</summary>
public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddBackendData(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseHealthRepository>();
        services.AddSingleton<UserRepository>();
        services.AddSingleton<AdminUserRepository>();
        services.AddSingleton<RefreshTokenRepository>();
        services.AddSingleton<PasswordResetRepository>();
        services.AddSingleton<ApiKeyRepository>();
        services.AddSingleton<AuditRepository>();
        services.AddSingleton<IdempotencyRepository>();
        services.AddSingleton<EntityRepository>();
        services.AddSingleton<RelationshipRepository>();
        services.AddSingleton<GraphRepository>();
        services.AddSingleton<DocumentRepository>();
        services.AddSingleton<JobRepository>();
        services.AddSingleton<OutboxRepository>();
        services.AddSingleton<ExtractionRepository>();
        services.AddSingleton<ProvenanceRepository>();
        services.AddSingleton<DashboardRepository>();
        services.AddSingleton<EventRepository>();
        services.AddSingleton<StreamAccessRepository>();
        return services;
    }
}
