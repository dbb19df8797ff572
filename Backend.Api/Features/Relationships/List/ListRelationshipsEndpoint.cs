using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.List;

internal sealed class ListRelationshipsEndpoint(RelationshipLister lister) : Endpoint<ListRelationshipsRequest, Envelope<IReadOnlyList<RelationshipResponse>>>
{
    public override void Configure()
    {
        Get("");
        Group<RelationshipsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "List relationships";
            s.Description = "Filters: source_entity_id, target_entity_id, relationship_type, confidence_min. Ordered by creation; limit/offset or cursor paging.";
        });
    }

    public override async Task HandleAsync(ListRelationshipsRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await lister.ListAsync(HttpContext, new RelationshipListQuery(
            req.SourceEntityId, req.TargetEntityId, null, RelationshipDirection.Both, req.RelationshipType, req.ConfidenceMin,
            req.Limit ?? RelationshipLister.DefaultLimit, req.Offset ?? 0, null, null, (req.IncludeTotal == true)), req.Cursor, ct));
}
