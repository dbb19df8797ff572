namespace Backend.Api.Features.Auth.Delivery;

/// <summary>Delivers a reset token to its user (an email via the platform's notification service, …).</summary>
internal interface IPasswordResetSender
{
    public Task SendAsync(PasswordResetMessage message, CancellationToken ct);
}
