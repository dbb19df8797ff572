namespace Backend.Data.Audit;

/// <summary>
/// Who performs a change and from where; recorded with every audit event of that change. A caller authenticated by
/// an API key is its own principal: <paramref name="ActorId"/> is the key's id, and the key's name is in the event's details.
/// </summary>
public sealed record AuditActor(Guid? ActorId, string? Ip, string? UserAgent, string? RequestId, Guid? ApiKeyId = null, string? ApiKeyName = null);
