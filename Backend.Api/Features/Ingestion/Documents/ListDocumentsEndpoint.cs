using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Ingest;
using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Documents;

internal sealed class ListDocumentsEndpoint(DocumentRepository documents) : Endpoint<ListDocumentsRequest, Envelope<IReadOnlyList<DocumentResponse>>>
{
    private const int DefaultLimit = 50;

    public override void Configure()
    {
        Get("");
        Group<DocumentsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "List documents";
            s.Description = "Newest first, without content. Filters: status (of the job), document_type, created_after, created_before, owner " +
                "(me by default; moderators and admins may give a user id or all). Keyset paging: limit 1–100 (default 50) and cursor from meta.pagination.next_cursor.";
        });
    }

    public override async Task HandleAsync(ListDocumentsRequest req, CancellationToken ct)
    {
        var owner = req.Owner ?? "me";
        if (owner != "me" && !User.IsAtLeast(Http.Security.Roles.Moderator))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 403, "Only moderators and admins list other users' documents."));
            return;
        }

        var limit = req.Limit ?? DefaultLimit;
        var page = await documents.ListAsync(new DocumentListQuery(
            owner switch { "me" => User.UserId(), "all" => null, _ => Guid.Parse(owner) },
            req.Status,
            req.DocumentType,
            req.CreatedAfter,
            req.CreatedBefore,
            limit,
            req.Cursor is null ? null : DocumentCursor.Decode(req.Cursor)!.ToKeyset()), ct);
        var next = page.HasMore ? DocumentCursor.After(page.Items[^1]).Encode() : null;
        await Send.OkAsync(
            Envelope.Of(HttpContext, (IReadOnlyList<DocumentResponse>)page.Items.Select(r => DocumentResponse.From(r)).ToList(), new Pagination(limit, null, next, null, page.HasMore)),
            ct);
    }
}
