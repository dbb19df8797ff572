using Backend.Api.Features.Entities;
using Backend.Api.Hosting;
using Backend.Api.Hosting.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.Create;

internal sealed class CreateEntityRelationshipEndpoint(RelationshipCreator creator) : Endpoint<CreateEntityRelationshipRequest>
{
    public override void Configure()
    {
        Post("{id:guid}/relationships");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Produces<Envelope<RelationshipResponse>>(201)
            .ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(409, Problems.ContentType)
            .ProducesProblemDetails(422, Problems.ContentType), clearDefaults: false);
        Summary(s => s.Summary = "Create a relationship from this entity");
    }

    public override Task HandleAsync(CreateEntityRelationshipRequest req, CancellationToken ct) =>
        creator.CreateAsync(HttpContext, req, req.ToValues(req.Id), ct);
}
