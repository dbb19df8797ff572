using Backend.Api.Http;

namespace Backend.Api.Features.Auth.Delivery;

/// <summary>POSTs the reset message as JSON to RESET_WEBHOOK_URL (the platform's notification service).</summary>
internal sealed class WebhookPasswordResetSender(HttpClient client, AuthSettings settings, ILogger<WebhookPasswordResetSender> logger) : IPasswordResetSender
{
    public async Task SendAsync(PasswordResetMessage message, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync(
            settings.ResetWebhookUrl,
            new
            {
                type = "password_reset",
                user_id = message.UserId,
                email = message.Email,
                first_name = message.FirstName,
                reset_token = message.Token,
                expires_at = message.ExpiresAt,
            },
            Problems.Json,
            ct);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogError("Reset webhook answered {StatusCode} for user {UserId}", (int)response.StatusCode, message.UserId);
            return;
        }

        logger.LogInformation("Delivered a password reset for user {UserId} to the webhook", message.UserId);
    }
}
