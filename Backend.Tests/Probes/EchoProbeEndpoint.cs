using Backend.Api.Http;
using FastEndpoints;
using FluentValidation;

namespace Backend.Tests.Probes;

/// <summary>A test-only JSON endpoint for the contract tests (validation, malformed JSON, content type, body size).</summary>
internal sealed class EchoProbeEndpoint : Endpoint<EchoProbeRequest, Envelope<EchoProbeRequest>>
{
    public override void Configure()
    {
        Post("/test-probes/echo");
        AllowAnonymous();
    }

    public override Task HandleAsync(EchoProbeRequest req, CancellationToken ct) => Send.OkAsync(Envelope.Of(HttpContext, req), ct);
}

internal sealed class EchoProbeRequest
{
    public string? DisplayName { get; init; }

    public int Count { get; init; }

    public string? Padding { get; init; }
}

internal sealed class EchoProbeValidator : Validator<EchoProbeRequest>
{
    public EchoProbeValidator()
    {
        RuleFor(x => x.DisplayName).NotEmpty().MaximumLength(10);
        RuleFor(x => x.Count).InclusiveBetween(0, 100);
    }
}
