using Backend.Api.Features.Entities;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.CreateForEntity;

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
        Summary(s =>
        {
            s.Summary = "Create a relationship from this entity";
            s.ExampleRequest = new CreateEntityRelationshipRequest { TargetEntityId = Guid.Parse("01a21c19-0b2e-7c41-9a55-2f4f1e6b8d10"), RelationshipType = "works_at" };
        });
    }

    public override async Task HandleAsync(CreateEntityRelationshipRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await creator.CreateAsync(HttpContext, req, req.ToValues(req.Id), ct));
}
