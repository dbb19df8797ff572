namespace Backend.Api.Features.Audit;

/// <summary>Audit events older than <paramref name="RetentionDays"/> days (AUDIT_RETENTION_DAYS) are deleted by the daily pruner.</summary>
internal sealed record AuditSettings(int RetentionDays);
