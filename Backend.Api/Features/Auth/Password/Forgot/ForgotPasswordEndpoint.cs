using Backend.Api.Features.Auth.Delivery;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Password.Forgot;

/// <summary>
/// Always 202, whether or not the email is registered, and in the same time: the request is only queued here; the lookup,
/// the single-use token, the audit event and the delivery happen after the answer (<see cref="PasswordResetDeliveryService"/>).
/// </summary>
internal sealed class ForgotPasswordEndpoint(PasswordResetQueue queue) : Endpoint<ForgotPasswordRequest, Envelope<AcceptedResponse>>
{
    public override void Configure()
    {
        Post("/password/forgot");
        Group<AuthGroup>();
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Auth));
        Description(b => b.Produces<Envelope<AcceptedResponse>>(202).ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(429, Problems.ContentType));
        Summary(s => s.Summary = "Request a password reset (always 202)");
    }

    public override async Task HandleAsync(ForgotPasswordRequest req, CancellationToken ct)
    {
        if (User.ApiKeyId() is not null)
        {
            await Problems.WriteAsync(HttpContext, AuthProblems.ApiKeyNotAllowed(HttpContext));
            return;
        }

        if (!queue.TryEnqueue(new PasswordResetRequest(req.Email, AuditActors.From(HttpContext))))
        {
            Logger.LogError("Password reset queue is full; request {RequestId} was dropped", HttpContext.TraceIdentifier);
        }

        await Send.ResponseAsync(Envelope.Of(HttpContext, new AcceptedResponse("If the email is registered, a reset link is on its way.")), 202, ct);
    }
}
