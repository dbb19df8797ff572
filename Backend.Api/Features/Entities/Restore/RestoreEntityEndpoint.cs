using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Restore;

/// <summary>Moderators and admins bring a soft-deleted entity back, with its relationships.</summary>
internal sealed class RestoreEntityEndpoint(EntityRepository entities, TimeProvider time) : Endpoint<RestoreEntityRequest, Envelope<EntityResponse>>
{
    public override void Configure()
    {
        Post("{id:guid}/restore");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.Moderator);
        Description(b => b
            .ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Restore a deleted entity";
            s.Description = "Moderators and admins only. Restoring an active entity returns it unchanged.";
        });
    }

    public override async Task HandleAsync(RestoreEntityRequest req, CancellationToken ct)
    {
        var result = await entities.RestoreAsync(req.Id, AuditActors.From(HttpContext), time.GetUtcNow(), ct);
        if (result.Status == EntityWriteStatus.NotFound)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No entity with id {req.Id}."));
            return;
        }

        HttpContext.Response.Headers.ETag = ETags.For(result.Row!.Version);
        await Send.OkAsync(Envelope.Of(HttpContext, EntityResponse.From(result.Row)), ct);
    }
}
