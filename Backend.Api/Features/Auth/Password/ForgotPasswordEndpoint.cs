using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth.Delivery;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Password;

/// <summary>Always 202, whether or not the email is registered; a registered, active user gets a single-use token.</summary>
internal sealed class ForgotPasswordEndpoint(UserRepository users, PasswordResetRepository resets, PasswordResetQueue queue, AuditLog audit, AuthSettings settings, TimeProvider time)
    : Endpoint<ForgotPasswordRequest, Envelope<AcceptedResponse>>
{
    public override void Configure()
    {
        Post("/password/forgot");
        Group<AuthGroup>();
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Auth));
        Description(b => b.Produces<Envelope<AcceptedResponse>>(202).ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(429, Problems.ContentType));
        Summary(s => s.Summary = "Request a password reset (always 202)");
    }

    public override async Task HandleAsync(ForgotPasswordRequest req, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(req.Email.Trim(), ct);
        if (user is { IsActive: true })
        {
            var now = time.GetUtcNow();
            var token = OpaqueToken.Create();
            var expires = now + settings.ResetTokenLifetime;
            await resets.CreateAsync(Guid.CreateVersion7(), user.Id, OpaqueToken.Hash(token), now, expires, ClientInfo.From(HttpContext).Ip, ct);
            if (!queue.TryEnqueue(new PasswordResetMessage(user.Id, user.Email, user.FirstName, token, expires)))
            {
                Logger.LogError("Password reset queue is full; the reset for user {UserId} was not delivered", user.Id);
            }

            await audit.WriteAsync(HttpContext, AuditActions.PasswordResetRequest, AuditActions.Success, null, user.Id, null, ct);
        }

        await Send.ResponseAsync(Envelope.Of(HttpContext, new AcceptedResponse("If the email is registered, a reset link is on its way.")), 202, ct);
    }
}
