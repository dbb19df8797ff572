using Backend.Api.Http;
using Backend.Data.Relationships;

namespace Backend.Api.Features.Relationships;

/// <summary>Paging shared by the relationship listings: limit 1–100 (default 50), offset or keyset cursor, optional total.</summary>
internal sealed class RelationshipLister(RelationshipRepository relationships)
{
    public const int DefaultLimit = 50;

    /// <summary>The page as a 200 envelope, or a 400 problem for a cursor that is not one of ours.</summary>
    public async Task<IResult> ListAsync(HttpContext context, RelationshipListQuery query, string? cursorText, CancellationToken ct)
    {
        var cursor = KeysetCursor.Decode<RelationshipCursor>(cursorText);
        if (cursorText is not null && cursor is null)
        {
            return ProblemResult.Validation(context, [new FieldError("cursor", "cursor", "must be the next_cursor of a previous page")], "The cursor is not valid.");
        }

        var page = await relationships.ListAsync(query with { AfterCreatedAt = cursor?.CreatedAt, AfterId = cursor?.Id }, ct);
        var next = page.HasMore ? KeysetCursor.Encode(new RelationshipCursor(DateTime.SpecifyKind(page.Items[^1].CreatedAt, DateTimeKind.Utc), page.Items[^1].Id)) : null;
        var pagination = new Pagination(query.Limit, cursor is null ? query.Offset : null, next, page.Total, page.HasMore);
        return Represent.Ok(Envelope.Of(context, (IReadOnlyList<RelationshipResponse>)page.Items.Select(RelationshipResponse.From).ToList(), pagination));
    }
}
