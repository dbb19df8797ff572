using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Get;

internal sealed class GetEntityEndpoint(EntityRepository entities) : Endpoint<GetEntityRequest, Envelope<EntityResponse>>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.Produces(304).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Get an entity";
            s.Description = "Returns a strong ETag; If-None-Match with it answers 304. Soft-deleted entities are 404 except for moderators and admins.";
        });
    }

    public override async Task HandleAsync(GetEntityRequest req, CancellationToken ct)
    {
        var row = await entities.GetAsync(req.Id, ct);
        if (row is null || (!row.IsActive && !User.IsAtLeast(Http.Security.Roles.Moderator)))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No entity with id {req.Id}."));
            return;
        }

        if (ETags.Validate(HttpContext, row.Version))
        {
            await Send.ResultAsync(TypedResults.StatusCode(304));
            return;
        }

        await Send.OkAsync(Envelope.Of(HttpContext, EntityResponse.From(row)), ct);
    }
}
