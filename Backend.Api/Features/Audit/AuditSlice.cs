namespace Backend.Api.Features.Audit;

/// <summary>Registers the audit trail: its writer and the daily pruner (AUDIT_RETENTION_DAYS).</summary>
internal static class AuditSlice
{
    public static IServiceCollection AddAuditSlice(this IServiceCollection services, AuditSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<AuditLog>();
        services.AddHostedService<AuditPruner>();
        return services;
    }
}
