using Backend.Api.Http;
using Backend.Data.Relationships;

namespace Backend.Api.Features.Relationships;

/// <summary>Paging shared by the relationship listings: limit 1–100 (default 50), offset or keyset cursor, optional total.</summary>
internal sealed class RelationshipLister(RelationshipRepository relationships)
{
    public const int DefaultLimit = 50;

    public async Task ListAsync(HttpContext context, RelationshipListQuery query, string? cursorText, CancellationToken ct)
    {
        var cursor = cursorText is null ? null : RelationshipCursor.Decode(cursorText);
        if (cursorText is not null && cursor is null)
        {
            await Problems.WriteAsync(context, Problems.Create(context, 400, "The cursor is not valid.", "validation", "Validation failed",
                [new FieldError("cursor", "cursor", "must be the next_cursor of a previous page")]));
            return;
        }

        var page = await relationships.ListAsync(query with { AfterCreatedAt = cursor?.CreatedAt, AfterId = cursor?.Id }, ct);
        var next = page.HasMore ? new RelationshipCursor(page.Items[^1].CreatedAt, page.Items[^1].Id).Encode() : null;
        var pagination = new Pagination(query.Limit, cursor is null ? query.Offset : null, next, page.Total, page.HasMore);
        await context.Response.WriteAsJsonAsync(
            Envelope.Of(context, (IReadOnlyList<RelationshipResponse>)page.Items.Select(RelationshipResponse.From).ToList(), pagination), ApiJson.Options, ct);
    }
}
