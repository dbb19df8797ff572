namespace Backend.Api.Features.Auth.Delivery;

/// <summary>Drains <see cref="PasswordResetQueue"/> through the configured sender; a failed delivery is logged, never retried blindly.</summary>
internal sealed class PasswordResetDeliveryService(PasswordResetQueue queue, IPasswordResetSender sender, ILogger<PasswordResetDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await sender.SendAsync(message, timeout.Token);
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogError("Could not deliver the password reset for user {UserId}: {Error}", message.UserId, exception.GetType().Name);
            }
        }
    }
}
