using System.Text.Json;
using Backend.Api.Http;
using Backend.Data.Audit;

namespace Backend.Api.Features.Audit;

/// <summary>
/// The standalone way to write an audit event (a change that commits together with its event passes the event to its
/// repository method instead, which writes it with <see cref="AuditEvents.InsertAsync"/> in the same transaction). Both
/// build the event with <see cref="AuditEvents.Event"/>, so an API key is always named the same way.
/// </summary>
internal sealed class AuditLog(AuditRepository repository, TimeProvider time)
{
    /// <summary>The request's caller as recorded, with <paramref name="actorId"/> in place of the authenticated principal (null for anonymous steps).</summary>
    public Task WriteAsync(HttpContext context, string action, string outcome, Guid? actorId, Guid? targetUserId, object? details, CancellationToken ct) =>
        WriteAsync(AuditActors.From(context) with { ActorId = actorId }, action, outcome, targetUserId is null ? null : "user", targetUserId, details, ct);

    public Task WriteAsync(AuditActor actor, string action, string outcome, string? targetType, Guid? targetId, object? details, CancellationToken ct) =>
        repository.WriteAsync(AuditEvents.Event(actor, time.GetUtcNow(), action, targetType, targetId, JsonSerializer.Serialize(details ?? new { }, Problems.Json), outcome), ct);
}
