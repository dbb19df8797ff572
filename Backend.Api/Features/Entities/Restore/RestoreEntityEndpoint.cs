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
            .ProducesProblemDetails(404, Problems.ContentType).ProducesProblemDetails(412, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Restore a deleted entity";
            s.Description = "Moderators and admins only. Restoring an active entity returns it unchanged. Honours If-Match and If-None-Match (412).";
        });
    }

    public override async Task HandleAsync(RestoreEntityRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await new VersionedWrite<EntityRow>
        {
            Noun = "entity",
            Id = req.Id,
            Load = c => entities.GetAsync(req.Id, c),
            Version = row => row.Version,
            CanModify = _ => true,
            Settled = row => row.IsActive ? Represent.Ok(Envelope.Of(HttpContext, EntityResponse.From(row)), row.Version) : null,
            Plan = _ => WritePlan<EntityRow>.Run((version, c) => entities.RestoreAsync(
                req.Id, ETags.HasPreconditions(HttpContext.Request) ? version : null, AuditActors.From(HttpContext), time.GetUtcNow(), c)),
            Respond = row => Represent.Ok(Envelope.Of(HttpContext, EntityResponse.From(row)), row.Version),
        }.RunAsync(HttpContext, ct));
}
