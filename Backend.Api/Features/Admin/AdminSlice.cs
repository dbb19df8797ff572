using Backend.Api.Features.Admin.Users;

namespace Backend.Api.Features.Admin;

/// <summary>Registers the admin slice's own services (user administration; API keys need nothing beyond the data layer).</summary>
internal static class AdminSlice
{
    public static IServiceCollection AddAdminSlice(this IServiceCollection services)
    {
        services.AddSingleton<UserChanges>();
        return services;
    }
}
