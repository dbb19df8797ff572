namespace Backend.Data.Audit;

/// <summary>Filters of the audit listing, and the keyset position after which the page starts (newest first).</summary>
public sealed record AuditQuery(
    Guid? ActorId,
    string? Action,
    string? TargetType,
    Guid? TargetId,
    string? Outcome,
    DateTimeOffset? From,
    DateTimeOffset? To,
    DateTimeOffset? AfterOccurredAt,
    Guid? AfterId,
    int Limit);
