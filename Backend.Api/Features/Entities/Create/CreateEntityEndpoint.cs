using Backend.Api.Http;
using Backend.Api.Http.Idempotency;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Create;

internal sealed class CreateEntityEndpoint(EntityRepository entities, IdempotencyGate idempotency, TimeProvider time) : Endpoint<CreateEntityRequest>
{
    public override void Configure()
    {
        Post("");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Produces<Envelope<EntityResponse>>(201)
            .ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(409, Problems.ContentType)
            .ProducesProblemDetails(422, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Create an entity";
            s.Description = "201 with Location and ETag. Honours Idempotency-Key: a retry with the same key and body replays the first response.";
            s.ExampleRequest = new CreateEntityRequest { Name = "Acme Robotics", Type = "organization", Confidence = 0.92, SourceType = "article" };
        });
    }

    public override async Task HandleAsync(CreateEntityRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await idempotency.RunAsync(HttpContext, User.UserId()!.Value, req, async c =>
        {
            var now = time.GetUtcNow();
            var row = await entities.CreateAsync(Guid.CreateVersion7(now), req.ToValues(), AuditActors.From(HttpContext), now, c);
            return Represent.Created(Envelope.Of(HttpContext, EntityResponse.From(row)), $"/api/v1/entities/{row.Id}", row.Version);
        }, ct));
}
