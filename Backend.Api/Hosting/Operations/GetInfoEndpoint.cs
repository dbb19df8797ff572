using System.Reflection;
using Backend.Api.Hosting.Settings;
using Backend.Api.Http;
using FastEndpoints;

namespace Backend.Api.Hosting.Operations;

/// <summary>What this service is: module id, version, environment. The simplest enveloped resource.</summary>
internal sealed class GetInfoEndpoint(BackendSettings settings) : EndpointWithoutRequest<Envelope<ServiceInfo>>
{
    private static readonly string AssemblyVersion =
        typeof(GetInfoEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public override void Configure()
    {
        Get("/info");
        AllowAnonymous();
        Description(b => b.WithTags("Service"));
        Summary(s =>
        {
            s.Summary = "Service information";
            s.Description = "The module id, version and environment of this Backend instance.";
        });
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(Envelope.Of(HttpContext, new ServiceInfo(settings.ModuleId, AssemblyVersion, settings.Environment)), ct);
}

internal sealed record ServiceInfo(string ModuleId, string Version, string Environment);
