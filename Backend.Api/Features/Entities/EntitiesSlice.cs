namespace Backend.Api.Features.Entities;

/// <summary>Registers the entities slice's own services (its repository comes from <c>AddBackendData</c>).</summary>
internal static class EntitiesSlice
{
    public static IServiceCollection AddEntitiesSlice(this IServiceCollection services)
    {
        services.AddSingleton<EntityUpdater>();
        return services;
    }
}
