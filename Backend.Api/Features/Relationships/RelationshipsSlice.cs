namespace Backend.Api.Features.Relationships;

/// <summary>Registers the relationships slice's own services (its repository comes from <c>AddBackendData</c>).</summary>
internal static class RelationshipsSlice
{
    public static IServiceCollection AddRelationshipsSlice(this IServiceCollection services)
    {
        services.AddSingleton<RelationshipCreator>();
        services.AddSingleton<RelationshipLister>();
        return services;
    }
}
