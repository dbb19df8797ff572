using Backend.Api.Http;
using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.Create;

internal sealed class CreateRelationshipEndpoint(RelationshipCreator creator) : Endpoint<CreateRelationshipRequest>
{
    public override void Configure()
    {
        Post("");
        Group<RelationshipsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Produces<Envelope<RelationshipResponse>>(201)
            .ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(409, Problems.ContentType)
            .ProducesProblemDetails(422, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Create a relationship";
            s.Description = "Self-loops are 400, an unknown or deleted endpoint entity 422, a duplicate active (source, target, type) 409. Honours Idempotency-Key.";
            s.ExampleRequest = new CreateRelationshipRequest { SourceEntityId = Guid.Parse("01a21c18-d588-71cf-b3c0-13589375ecd8"), TargetEntityId = Guid.Parse("01a21c19-0b2e-7c41-9a55-2f4f1e6b8d10"), RelationshipType = "invested_in", Confidence = 0.8, Evidence = "Press release, 2024-03-01" };
        });
    }

    public override async Task HandleAsync(CreateRelationshipRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await creator.CreateAsync(HttpContext, req, req.ToValues(), ct));
}
