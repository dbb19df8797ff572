using FastEndpoints;

namespace Backend.Api.Hosting.Operations;

/// <summary>Liveness: the process answers. Never touches the database, so it stays 200 during an outage.</summary>
internal sealed class LivenessEndpoint : EndpointWithoutRequest<LivenessResponse>
{
    public override void Configure()
    {
        Get("/health");
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Description(b => b.WithTags("Health"));
        Summary(s =>
        {
            s.Summary = "Liveness probe";
            s.Description = "200 while the process runs; does not touch the database.";
            s.ResponseExamples[200] = new LivenessResponse("ok");
        });
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new LivenessResponse("ok"), ct);
}

internal sealed record LivenessResponse(string Status);
