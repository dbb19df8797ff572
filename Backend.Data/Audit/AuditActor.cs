namespace Backend.Data.Audit;

/// <summary>
/// Who performs a change and from where; recorded with every audit event of that change. A caller authenticated by
/// an API key acts as the key's owner (<paramref name="ActorId"/>) and the key is named in the event's details.
/// </summary>
public sealed record AuditActor(Guid? ActorId, string? Ip, string? UserAgent, string? RequestId, Guid? ApiKeyId = null, string? ApiKeyName = null);
