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
            s.Description = "Marks the entity deleted (is_active=false, deleted_at, deleted_by). Deleting it again is 204. Honours If-Match.";
        });
    }

    public override async Task HandleAsync(DeleteEntityRequest req, CancellationToken ct)
    {
        var current = await entities.GetAsync(req.Id, ct);
        if (current is null)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No entity with id {req.Id}."));
            return;
        }

        if (!EntityAccess.CanModify(User, current.CreatedBy))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 403, "Only its creator, a moderator or an admin may delete this entity."));
            return;
        }

        if (!current.IsActive)
        {
            await Send.NoContentAsync(ct);
            return;
        }

        var required = ETags.RequiredVersion(HttpContext.Request, out var unmatchable);
        var result = unmatchable
            ? EntityWriteResult.VersionMismatch
            : await entities.SoftDeleteAsync(req.Id, required, AuditActors.From(HttpContext), time.GetUtcNow(), ct);
        if (result.Status == EntityWriteStatus.VersionMismatch)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 412, "If-Match does not match the entity's current ETag."));
            return;
        }

        // NotFound here means a concurrent delete won the race: the entity is deleted either way.
        await Send.NoContentAsync(ct);
    }
}
