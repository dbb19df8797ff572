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
        Description(b => b.Produces(304).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType)
            .ProducesProblemDetails(412, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Get a relationship";
            s.Description = "404 when it, or either of its entities, is deleted. Strong ETag; If-None-Match matching it answers 304, If-Match not matching it 412.";
        });
    }

    public override async Task HandleAsync(GetRelationshipRequest req, CancellationToken ct) => await Send.ResultAsync(await OutcomeAsync(req, ct));

    private async Task<IResult> OutcomeAsync(GetRelationshipRequest req, CancellationToken ct)
    {
        var row = await relationships.GetVisibleAsync(req.Id, ct);
        if (row is null)
        {
            return ProblemResult.NotFound(HttpContext, "relationship", req.Id);
        }

        return ETags.Evaluate(HttpContext.Request, row.Version) switch
        {
            Precondition.NotModified => new NotModifiedResult(row.Version),
            Precondition.Failed => ProblemResult.PreconditionFailed(HttpContext, "relationship", row.Version),
            _ => Represent.Ok(Envelope.Of(HttpContext, RelationshipResponse.From(row)), row.Version),
        };
    }
}
