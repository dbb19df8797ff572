using Backend.Api.Http.Idempotency;

namespace Backend.Api.Http;

/// <summary>Registers the endpoint kit's services: the request clock, the Idempotency-Key gate and its pruner.</summary>
internal static class HttpKitServiceCollectionExtensions
{
    public static IServiceCollection AddHttpKit(this IServiceCollection services)
    {
        services.AddSingleton<RequestClock>();
        services.AddSingleton<IdempotencyGate>();
        services.AddHostedService<IdempotencyPruner>();
        return services;
    }
}
