using Backend.Api.Features.Ingestion.Messaging;

namespace Backend.Api.Features.Ingestion;

/// <summary>Registers the ingestion slice: repositories, the submitter, the outbox relay and the AI result consumer.</summary>
internal static class IngestionSlice
{
    public static IServiceCollection AddIngestionSlice(this IServiceCollection services, IngestionSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<DocumentSubmitter>();
        services.AddSingleton<BrokerHealth>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(new ConsumerHooks());
        services.AddSingleton<AiMessageHandler>();
        services.AddHostedService<OutboxRelay>();
        services.AddHostedService<AiResultConsumer>();
        IngestionMetrics.Initialize();
        return services;
    }
}
