namespace Backend.Api.Features.Audit.List;

/// <summary>The keyset cursor of the audit listing (encoded by <see cref="Http.KeysetCursor"/>): the last row's occurred_at and id.</summary>
internal sealed record AuditCursor(DateTimeOffset OccurredAt, Guid Id);
