namespace Backend.Data.Audit;

/// <summary>Who performs a change and from where; recorded with every audit event of that change.</summary>
public sealed record AuditActor(Guid? ActorId, string? Ip, string? UserAgent, string? RequestId);
