using Backend.Data.Admin;
using Backend.Data.Audit;
using Backend.Data.Auth;
using Backend.Data.Entities;
using Backend.Data.Events;
using Backend.Data.Graph;
using Backend.Data.Health;
using Backend.Data.Idempotency;
using Backend.Data.Ingest;
using Backend.Data.Postgres;
using Backend.Data.Relationships;
using Backend.Data.Writes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Backend.Data;

/// <summary>
/// Registers every repository once, as a singleton over the pooled primary <c>NpgsqlDataSource</c> the host registers,
/// and the <see cref="ReadDataSource"/> that lag-tolerant reads take (the standby when there is one, else the primary).
/// </summary>
public static class DataServiceCollectionExtensions
{
    /// <param name="services">Must already hold the primary <see cref="NpgsqlDataSource"/>, a <see cref="TimeProvider"/> and logging.</param>
    /// <param name="options">The primary's pool settings; DB_BATCH_CONCURRENCY and DB_POOL_TIMEOUT size the <see cref="BatchWriteGate"/>.</param>
    /// <param name="readReplica">The standby's pool (DATABASE_READ_URL), owned by the caller; null sends every read to the primary.</param>
    public static IServiceCollection AddBackendData(this IServiceCollection services, DataSourceOptions options, NpgsqlDataSource? readReplica = null)
    {
        services.AddSingleton(new BatchWriteGate(options.BatchConcurrency, options.PoolTimeout));
        services.AddSingleton(provider => new ReadDataSource(
            provider.GetRequiredService<NpgsqlDataSource>(), readReplica, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<ReadDataSource>>()));
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
