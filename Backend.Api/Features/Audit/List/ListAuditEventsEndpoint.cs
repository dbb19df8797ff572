using Backend.Api.Features.Admin;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Audit;
using FastEndpoints;

namespace Backend.Api.Features.Audit.List;

internal sealed class ListAuditEventsEndpoint(AuditRepository audit) : Endpoint<ListAuditEventsRequest, Envelope<IReadOnlyList<AuditEventResponse>>>
{
    private const int DefaultLimit = 50;

    public override void Configure()
    {
        Get("audit");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b.ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Query the audit trail (admins)";
            s.Description = "Filters: actor_id, action, target_type, target_id, outcome, from (inclusive), to (exclusive). Newest first; limit 1–200 (default 50); " +
                "keyset paging with cursor = meta.pagination.next_cursor. Events are kept for AUDIT_RETENTION_DAYS.";
        });
    }

    public override async Task HandleAsync(ListAuditEventsRequest req, CancellationToken ct)
    {
        var limit = req.Limit ?? DefaultLimit;
        var cursor = KeysetCursor.Decode<AuditCursor>(req.Cursor);
        var rows = await audit.ListAsync(
            new AuditQuery(req.ActorId, req.Action, req.TargetType, req.TargetId, req.Outcome, req.From, req.To, cursor?.OccurredAt, cursor?.Id, limit), ct);
        var items = rows.Take(limit).Select(AuditEventResponse.From).ToList();
        var next = rows.Count > limit ? KeysetCursor.Encode(new AuditCursor(items[^1].OccurredAt, items[^1].Id)) : null;
        await Send.OkAsync(Envelope.Of(HttpContext, (IReadOnlyList<AuditEventResponse>)items, new Pagination(limit, null, next, null, next is not null)), ct);
    }
}
