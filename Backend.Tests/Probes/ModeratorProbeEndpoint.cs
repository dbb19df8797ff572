using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Tests.Probes;

/// <summary>Test-only: reachable with the Moderator policy; echoes what the claims extensions see.</summary>
internal sealed class ModeratorProbeEndpoint : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/test-probes/moderator");
        Policies(AuthPolicies.Moderator);
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new { user_id = User.UserId(), role = User.Role(), is_admin = User.IsAtLeast(Backend.Api.Http.Security.Roles.Admin) }, ct);
}
