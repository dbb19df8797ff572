using Backend.Api.Features.Audit;
using Backend.Api.Http.Security;
using Backend.Data.Auth;

namespace Backend.Api.Features.Auth.Delivery;

/// <summary>
/// Drains <see cref="PasswordResetQueue"/>: a registered, active account gets a single-use token (older open tokens are
/// spent), an audit event and a message through the configured sender. A failed delivery is logged, never retried blindly.
/// </summary>
internal sealed class PasswordResetDeliveryService(
    PasswordResetQueue queue, UserRepository users, PasswordResetRepository resets, AuditLog audit, IPasswordResetSender sender, AuthSettings settings, TimeProvider time,
    ILogger<PasswordResetDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await ProcessAsync(request, timeout.Token);
            }
            catch (Exception exception) when (exception is HttpRequestException or Npgsql.NpgsqlException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogError("Could not process a password reset request {RequestId}: {Error}", request.RequestedBy.RequestId, exception.GetType().Name);
            }
        }
    }

    private async Task ProcessAsync(PasswordResetRequest request, CancellationToken ct)
    {
        var email = request.Email.Trim();
        var user = await users.FindByEmailAsync(EmailAddress.Canonical(email) ?? email, email, ct);
        if (user is not { IsActive: true })
        {
            return;
        }

        var now = time.GetUtcNow();
        var token = OpaqueToken.Create();
        var expires = now + settings.ResetTokenLifetime;
        await resets.CreateAsync(Guid.CreateVersion7(), user.Id, OpaqueToken.Hash(token), now, expires, request.RequestedBy.Ip, ct);
        await audit.WriteAsync(request.RequestedBy with { ActorId = null }, AuditActions.PasswordResetRequest, AuditActions.Success, "user", user.Id, null, ct);
        await sender.SendAsync(new PasswordResetMessage(user.Id, user.Email, user.FirstName, token, expires), ct);
    }
}
