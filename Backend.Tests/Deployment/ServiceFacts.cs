using Backend.Api.Hosting;

namespace Backend.Tests.Deployment;

/// <summary>What the service really does, taken from its code, for the deployment files to be checked against.</summary>
internal static class ServiceFacts
{
    public const string LivenessPath = "/health";
    public const string ReadinessPath = "/health/ready";

    /// <summary>The uid of the <c>app</c> user of the mcr.microsoft.com/dotnet/aspnet images.</summary>
    public const int AppUserId = 1654;

    /// <summary>Variables read by the postgres image in compose, not by the service.</summary>
    public static readonly IReadOnlyList<string> PostgresImageVariables = ["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"];

    /// <summary>Credentials of compose's RabbitMQ container, from which compose builds RABBITMQ_URL.</summary>
    public static readonly IReadOnlyList<string> RabbitMqImageVariables = ["RABBITMQ_USER", "RABBITMQ_PASSWORD"];

    public static BackendSettings Defaults => Load(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

    public static int DefaultPort => Defaults.Port;

    public static BackendSettings Load(IReadOnlyDictionary<string, string?> values)
    {
        var (settings, errors) = BackendSettings.Load(values);
        errors.ShouldBeEmpty();
        return settings;
    }
}
