namespace Backend.Data.Audit;

/// <summary>One security-relevant action; <paramref name="DetailsJson"/> is a JSON object.</summary>
public sealed record AuditEvent(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid? ActorId,
    string Action,
    string? TargetType,
    Guid? TargetId,
    string Outcome,
    string? Ip,
    string? UserAgent,
    string? RequestId,
    string DetailsJson);
