using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Tests.Probes;

/// <summary>Test-only: reachable with the Admin policy.</summary>
internal sealed class AdminProbeEndpoint : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/test-probes/admin");
        Policies(AuthPolicies.Admin);
    }

    public override Task HandleAsync(CancellationToken ct) => Send.NoContentAsync(ct);
}
