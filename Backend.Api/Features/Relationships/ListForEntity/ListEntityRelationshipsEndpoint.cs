using Backend.Api.Features.Entities;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.ListForEntity;

internal sealed class ListEntityRelationshipsEndpoint(EntityRepository entities, RelationshipLister lister)
    : Endpoint<ListEntityRelationshipsRequest, Envelope<IReadOnlyList<RelationshipResponse>>>
{
    public override void Configure()
    {
        Get("{id:guid}/relationships");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "List an entity's relationships";
            s.Description = "direction: outgoing, incoming or both (default); relationship_type filters; paging as in the other listings.";
        });
    }

    public override async Task HandleAsync(ListEntityRelationshipsRequest req, CancellationToken ct)
    {
        if (await entities.GetAsync(req.Id, ct) is not { IsActive: true })
        {
            await Send.ResultAsync(ProblemResult.NotFound(HttpContext, "entity", req.Id));
            return;
        }

        await Send.ResultAsync(await lister.ListAsync(HttpContext, new RelationshipListQuery(
            null, null, req.Id, req.Direction.ToQuery(), req.RelationshipType, null,
            req.Limit ?? RelationshipLister.DefaultLimit, req.Offset ?? 0, null, null, (req.IncludeTotal == true)), req.Cursor, ct));
    }
}
