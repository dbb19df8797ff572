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
        Description(b => b.Produces(304).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType)
            .ProducesProblemDetails(412, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Get an entity";
            s.Description = "Returns a strong ETag; If-None-Match matching it answers 304, If-Match not matching it 412 (RFC 9110 §13). Soft-deleted entities are 404 except for moderators and admins.";
        });
    }

    public override async Task HandleAsync(GetEntityRequest req, CancellationToken ct) => await Send.ResultAsync(await OutcomeAsync(req, ct));

    private async Task<IResult> OutcomeAsync(GetEntityRequest req, CancellationToken ct)
    {
        var row = await entities.GetAsync(req.Id, ct);
        if (row is null || (!row.IsActive && !User.IsAtLeast(Http.Security.Roles.Moderator)))
        {
            return ProblemResult.NotFound(HttpContext, "entity", req.Id);
        }

        return ETags.Evaluate(HttpContext.Request, row.Version) switch
        {
            Precondition.NotModified => new NotModifiedResult(row.Version),
            Precondition.Failed => ProblemResult.PreconditionFailed(HttpContext, "entity", row.Version),
            _ => Represent.Ok(Envelope.Of(HttpContext, EntityResponse.From(row)), row.Version),
        };
    }
}
