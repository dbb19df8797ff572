using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using FastEndpoints;

namespace Backend.Api.Features.Entities.List;

internal sealed class ListEntitiesEndpoint(EntityRepository entities) : Endpoint<ListEntitiesRequest, Envelope<IReadOnlyList<EntityResponse>>>
{
    private const int DefaultLimit = 50;

    public override void Configure()
    {
        Get("");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "List entities";
            s.Description = "Filters: type, source_type, q (ranked name search), confidence_min/max, metadata (JSON containment), created_by (id or me), " +
                "include_deleted (moderators and admins). sort: name, created_at, confidence (prefix - for descending; default -created_at). " +
                "Paging: limit 1–100 (default 50) with offset, or cursor (keyset, fast on deep pages) from meta.pagination.next_cursor; include_total=true adds total.";
        });
    }

    public override async Task HandleAsync(ListEntitiesRequest req, CancellationToken ct) => await Send.ResultAsync(await OutcomeAsync(req, ct));

    private async Task<IResult> OutcomeAsync(ListEntitiesRequest req, CancellationToken ct)
    {
        if ((req.IncludeDeleted == true) && !User.IsAtLeast(Http.Security.Roles.Moderator))
        {
            return ProblemResult.Of(HttpContext, 403, "include_deleted is for moderators and admins.");
        }

        var sortText = req.Sort ?? "-created_at";
        var sort = sortText.TrimStart('-') switch
        {
            "name" => EntitySort.Name,
            "confidence" => EntitySort.Confidence,
            _ => EntitySort.CreatedAt,
        };
        var cursor = KeysetCursor.Decode<EntityCursor>(req.Cursor);
        if (req.Cursor is not null && (cursor is null || cursor.Sort != sortText || !cursor.HasValidValue()))
        {
            return ProblemResult.Validation(HttpContext, [new FieldError("cursor", "cursor", "must be the next_cursor of the same listing (same sort)")],
                "The cursor is not valid for this listing.");
        }

        var limit = req.Limit ?? DefaultLimit;
        var search = string.IsNullOrWhiteSpace(req.Q) ? null : req.Q.Trim();
        var rankBySearch = search is not null && req.Sort is null;
        var page = await entities.ListAsync(new EntityListQuery(
            req.Type,
            req.SourceType,
            search,
            req.ConfidenceMin,
            req.ConfidenceMax,
            req.Metadata,
            req.CreatedBy is null ? null : req.CreatedBy == "me" ? User.UserId() : Guid.Parse(req.CreatedBy),
            (req.IncludeDeleted == true),
            sort,
            sortText.StartsWith('-'),
            rankBySearch,
            limit,
            req.Offset ?? 0,
            cursor?.ToKeyset(),
            (req.IncludeTotal == true)), ct);

        var next = !rankBySearch && page.HasMore
            ? KeysetCursor.Encode(new EntityCursor(sortText, EntityRepository.SortValue(sort, page.Items[^1]), page.Items[^1].Id))
            : null;
        var pagination = new Pagination(limit, cursor is null ? req.Offset ?? 0 : null, next, page.Total, page.HasMore);
        return Represent.Ok(Envelope.Of(HttpContext, (IReadOnlyList<EntityResponse>)page.Items.Select(EntityResponse.From).ToList(), pagination));
    }
}
