namespace Backend.Data.Audit;

/// <summary>One stored audit event as the listing reads it (ip as text, details as JSON text).</summary>
public sealed record AuditEventRow(
    Guid Id,
    DateTime OccurredAt,
    Guid? ActorId,
    string Action,
    string? TargetType,
    Guid? TargetId,
    string Outcome,
    string? Ip,
    string? UserAgent,
    string? RequestId,
    string Details);
