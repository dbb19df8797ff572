using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Tests.Probes;

/// <summary>Test-only: reachable with the Moderator policy; echoes what the claims extensions see.</summary>
internal sealed class ModeratorProbeEndpoint : EndpointWithoutRequest<ModeratorProbeResponse>
{
    public override void Configure()
    {
        Get("/test-probes/moderator");
        Policies(AuthPolicies.Moderator);
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new ModeratorProbeResponse(User.UserId(), User.Role(), User.IsAtLeast(Backend.Api.Http.Security.Roles.Admin)), ct);
}

internal sealed record ModeratorProbeResponse(Guid? UserId, string? Role, bool IsAdmin);
