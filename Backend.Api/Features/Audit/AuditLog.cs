using System.Text.Json;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Audit;

namespace Backend.Api.Features.Audit;

/// <summary>Writes audit events with the request's IP, user agent and request id filled in.</summary>
internal sealed class AuditLog(AuditRepository repository, TimeProvider time)
{
    public Task WriteAsync(HttpContext context, string action, string outcome, Guid? actorId, Guid? targetUserId, object? details, CancellationToken ct) =>
        WriteAsync(context, action, outcome, actorId, targetUserId is null ? null : "user", targetUserId, details, ct);

    public Task WriteAsync(HttpContext context, string action, string outcome, Guid? actorId, string? targetType, Guid? targetId, object? details, CancellationToken ct)
    {
        var client = ClientInfo.From(context);
        return repository.WriteAsync(
            new AuditEvent(
                Guid.CreateVersion7(),
                time.GetUtcNow(),
                actorId,
                action,
                targetType,
                targetId,
                outcome,
                client.Ip,
                client.UserAgent,
                context.TraceIdentifier,
                Backend.Data.Audit.AuditEvents.WithApiKey(JsonSerializer.Serialize(details ?? new { }, Problems.Json), context.User.ApiKeyId(), context.User.ApiKeyName())),
            ct);
    }
}
