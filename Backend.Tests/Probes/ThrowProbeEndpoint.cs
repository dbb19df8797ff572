using FastEndpoints;

namespace Backend.Tests.Probes;

/// <summary>A test-only endpoint that fails with a message that must never reach the client.</summary>
internal sealed class ThrowProbeEndpoint : EndpointWithoutRequest
{
    public const string SecretMessage = "boom: Host=db;Password=hunter2-secret";

    public override void Configure()
    {
        Get("/test-probes/throw");
        AllowAnonymous();
    }

    public override Task HandleAsync(CancellationToken ct) => throw new InvalidOperationException(SecretMessage);
}
