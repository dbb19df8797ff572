using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Delete;

/// <summary>Soft delete: 204, again 204 (already deleted), unknown 404. The entity's relationships disappear from every read.</summary>
internal sealed class DeleteEntityEndpoint(EntityRepository entities, TimeProvider time) : Endpoint<DeleteEntityRequest>
{
    public override void Configure()
    {
        Delete("{id:guid}");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Produces(204).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType).ProducesProblemDetails(412, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Delete an entity (soft)";
            s.Description = "Marks the entity deleted (is_active=false, deleted_at, deleted_by). Deleting it again is 204. Honours If-Match and If-None-Match (412).";
        });
    }

    public override async Task HandleAsync(DeleteEntityRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await new VersionedWrite<EntityRow>
        {
            Noun = "entity",
            Id = req.Id,
            Load = c => entities.GetAsync(req.Id, c),
            Version = row => row.Version,
            CanModify = row => EntityAccess.CanModify(User, row.CreatedBy),
            Settled = row => row.IsActive ? null : TypedResults.NoContent(),
            Plan = _ => WritePlan<EntityRow>.Run((version, c) => entities.SoftDeleteAsync(
                req.Id, ETags.HasPreconditions(HttpContext.Request) ? version : null, AuditActors.From(HttpContext), time.GetUtcNow(), c)),
            Respond = _ => TypedResults.NoContent(),

            // A concurrent delete won the race: the entity is deleted either way.
            Missed = () => TypedResults.NoContent(),
        }.RunAsync(HttpContext, ct));
}
