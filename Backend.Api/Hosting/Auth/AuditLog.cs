using System.Text.Json;
using Backend.Data.Audit;

namespace Backend.Api.Hosting.Auth;

/// <summary>Writes audit events with the request's IP, user agent and request id filled in.</summary>
internal sealed class AuditLog(AuditRepository repository, TimeProvider time)
{
    public Task WriteAsync(HttpContext context, string action, string outcome, Guid? actorId, Guid? targetUserId, object? details, CancellationToken ct)
    {
        var client = ClientInfo.From(context);
        return repository.WriteAsync(
            new AuditEvent(
                Guid.CreateVersion7(),
                time.GetUtcNow(),
                actorId,
                action,
                targetUserId is null ? null : "user",
                targetUserId,
                outcome,
                client.Ip,
                client.UserAgent,
                context.TraceIdentifier,
                JsonSerializer.Serialize(details ?? new { }, Problems.Json)),
            ct);
    }
}
