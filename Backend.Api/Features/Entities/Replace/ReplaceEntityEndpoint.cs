using Backend.Api.Http;
using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Replace;

internal sealed class ReplaceEntityEndpoint(EntityUpdater updater) : Endpoint<ReplaceEntityRequest, Envelope<EntityResponse>>
{
    public override void Configure()
    {
        Put("{id:guid}");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType).ProducesProblemDetails(409, Problems.ContentType)
            .ProducesProblemDetails(412, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Replace an entity";
            s.Description = "Full replacement of the writable fields (left-out optional fields are reset). Honours If-Match and If-None-Match (412).";
            s.ExampleRequest = new ReplaceEntityRequest { Name = "Acme Robotics GmbH", Type = "organization", Confidence = 0.95, SourceType = "document", Description = "Warehouse robotics maker" };
        });
    }

    public override async Task HandleAsync(ReplaceEntityRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await updater.UpdateAsync(HttpContext, req.Id, _ => (req.ToValues(), null), ct));
}
