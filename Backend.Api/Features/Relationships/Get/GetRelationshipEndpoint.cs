using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.Get;

internal sealed class GetRelationshipEndpoint(RelationshipRepository relationships) : Endpoint<GetRelationshipRequest, Envelope<RelationshipResponse>>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<RelationshipsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.Produces(304).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Get a relationship";
            s.Description = "404 when it, or either of its entities, is deleted. Strong ETag; If-None-Match answers 304.";
        });
    }

    public override async Task HandleAsync(GetRelationshipRequest req, CancellationToken ct)
    {
        var row = await relationships.GetVisibleAsync(req.Id, ct);
        if (row is null)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No relationship with id {req.Id}."));
            return;
        }

        if (ETags.Validate(HttpContext, row.Version))
        {
            await Send.ResultAsync(TypedResults.StatusCode(304));
            return;
        }

        await Send.OkAsync(Envelope.Of(HttpContext, RelationshipResponse.From(row)), ct);
    }
}
