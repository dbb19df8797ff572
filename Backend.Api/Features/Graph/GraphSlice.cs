namespace Backend.Api.Features.Graph;

/// <summary>Registers the graph-wide rules (ENTITY_TYPES, RELATIONSHIP_TYPES), the demo-data loader and the count folder.</summary>
internal static class GraphSlice
{
    public static IServiceCollection AddGraphSlice(this IServiceCollection services, GraphSettings settings)
    {
        services.AddSingleton(settings);
        // The item rules take the settings of the current request; the OpenAPI schema processor builds them through DI.
        services.AddSingleton<Func<GraphSettings>>(GraphSettings.OfCurrentRequest);
        services.AddSingleton<DemoGraph>();
        services.AddHostedService<GraphCountFolder>();
        return services;
    }
}
