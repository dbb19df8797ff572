namespace Backend.Api.Features.Auth.Delivery;

/// <summary>
/// Used when RESET_WEBHOOK_URL is not set. In Development it logs the token so a developer can finish the flow;
/// in every other environment it logs only that nothing was delivered (secrets never reach production logs).
/// </summary>
internal sealed class LogPasswordResetSender(IHostEnvironment environment, ILogger<LogPasswordResetSender> logger) : IPasswordResetSender
{
    public Task SendAsync(PasswordResetMessage message, CancellationToken ct)
    {
        if (environment.IsDevelopment())
        {
            logger.LogWarning("Development only: password reset token for user {UserId}: {ResetToken} (expires {ExpiresAt})", message.UserId, message.Token, message.ExpiresAt);
        }
        else
        {
            logger.LogWarning("Password reset requested for user {UserId} but RESET_WEBHOOK_URL is not set: nothing was delivered", message.UserId);
        }

        return Task.CompletedTask;
    }
}
