using Backend.Api.Features.Entities;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.Delete;

/// <summary>Soft delete: 204, again 204, unknown 404; creator, moderators and admins only.</summary>
internal sealed class DeleteRelationshipEndpoint(RelationshipRepository relationships, TimeProvider time) : Endpoint<DeleteRelationshipRequest>
{
    public override void Configure()
    {
        Delete("{id:guid}");
        Group<RelationshipsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Produces(204).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType).ProducesProblemDetails(412, Problems.ContentType), clearDefaults: false);
        Summary(s => s.Summary = "Delete a relationship (soft)");
    }

    public override async Task HandleAsync(DeleteRelationshipRequest req, CancellationToken ct)
    {
        var current = await relationships.GetAnyAsync(req.Id, ct);
        if (current is null)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No relationship with id {req.Id}."));
            return;
        }

        if (!EntityAccess.CanModify(User, current.CreatedBy))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 403, "Only its creator, a moderator or an admin may delete this relationship."));
            return;
        }

        if (current.IsActive)
        {
            var required = ETags.RequiredVersion(HttpContext.Request, out var unmatchable);
            var status = unmatchable
                ? EntityWriteStatus.VersionMismatch
                : await relationships.SoftDeleteAsync(req.Id, required, AuditActors.From(HttpContext), time.GetUtcNow(), ct);
            if (status == EntityWriteStatus.VersionMismatch)
            {
                await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 412, "If-Match does not match the relationship's current ETag."));
                return;
            }
        }

        await Send.NoContentAsync(ct);
    }
}
