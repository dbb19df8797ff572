using Backend.Api.Features.Entities;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.Delete;

/// <summary>Soft delete: 204, again 204, unknown or hidden by a deleted entity 404; creator, moderators and admins only.</summary>
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
        Summary(s =>
        {
            s.Summary = "Delete a relationship (soft)";
            s.Description = "Deleting it again is 204; a relationship hidden because one of its entities is deleted is 404 (it comes back when the entity is restored). Honours If-Match and If-None-Match (412).";
        });
    }

    public override async Task HandleAsync(DeleteRelationshipRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await new VersionedWrite<RelationshipRow>
        {
            Noun = "relationship",
            Id = req.Id,
            Load = LoadAsync,
            Version = row => row.Version,
            CanModify = row => EntityAccess.CanModify(User, row.CreatedBy),
            Settled = row => row.IsActive ? null : TypedResults.NoContent(),
            Plan = _ => WritePlan<RelationshipRow>.Run((version, c) => relationships.SoftDeleteAsync(
                req.Id, ETags.HasPreconditions(HttpContext.Request) ? version : null, AuditActors.From(HttpContext), time.GetUtcNow(), c)),
            Respond = _ => TypedResults.NoContent(),
        }.RunAsync(HttpContext, ct));

    /// <summary>A visible relationship, or one already deleted (deleting it again is 204); a hidden one is not found.</summary>
    private async Task<RelationshipRow?> LoadAsync(CancellationToken ct) =>
        await relationships.GetVisibleAsync(Route<Guid>("id"), ct)
        ?? (await relationships.GetAnyAsync(Route<Guid>("id"), ct) is { IsActive: false } deleted ? deleted : null);
}
