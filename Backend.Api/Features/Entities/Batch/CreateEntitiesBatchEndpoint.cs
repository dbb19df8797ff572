using Backend.Api.Http;
using Backend.Api.Http.Idempotency;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Batch;

/// <summary>Up to 1,000 entities in one statement and one transaction: all are created or none (a failing item is named by index).</summary>
internal sealed class CreateEntitiesBatchEndpoint(EntityRepository entities, IdempotencyGate idempotency, TimeProvider time)
    : Endpoint<CreateEntitiesBatchRequest>
{
    public override void Configure()
    {
        Post("batch");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Produces<Envelope<IReadOnlyList<EntityResponse>>>(201)
            .ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(409, Problems.ContentType)
            .ProducesProblemDetails(422, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Create many entities at once";
            s.Description = "All or nothing. Validation failures list each item as entities[index].field. Honours Idempotency-Key.";
            s.ExampleRequest = new CreateEntitiesBatchRequest { Entities = [new() { Name = "Maria Chen", Type = "person" }, new() { Name = "Berlin", Type = "place", Metadata = System.Text.Json.JsonDocument.Parse("{\"country\":\"DE\"}").RootElement }] };
        });
    }

    public override async Task HandleAsync(CreateEntitiesBatchRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await idempotency.RunAsync(HttpContext, User.UserId()!.Value, req, async c =>
        {
            var now = time.GetUtcNow();
            var items = req.Entities!.Select(e => (Guid.CreateVersion7(now), e.ToValues())).ToList();
            var rows = await entities.CreateBatchAsync(items, AuditActors.From(HttpContext), now, c);
            return new Representation<Envelope<IReadOnlyList<EntityResponse>>>(201, Envelope.Of(HttpContext, (IReadOnlyList<EntityResponse>)rows.Select(EntityResponse.From).ToList()));
        }, ct));
}
