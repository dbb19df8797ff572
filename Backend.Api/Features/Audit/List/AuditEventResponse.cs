using System.Text.Json;
using Backend.Data.Audit;

namespace Backend.Api.Features.Audit.List;

/// <summary>One audit event; <c>details.api_key</c> names the API key when the actor used one.</summary>
internal sealed record AuditEventResponse(
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
    JsonElement Details)
{
    public static AuditEventResponse From(AuditEventRow row)
    {
        using var details = JsonDocument.Parse(row.Details);
        return new(row.Id, new DateTimeOffset(DateTime.SpecifyKind(row.OccurredAt, DateTimeKind.Utc)), row.ActorId, row.Action, row.TargetType, row.TargetId,
            row.Outcome, row.Ip, row.UserAgent, row.RequestId, details.RootElement.Clone());
    }
}
