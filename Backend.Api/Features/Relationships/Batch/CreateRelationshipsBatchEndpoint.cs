using Backend.Api.Http;
using Backend.Api.Http.Idempotency;
using Backend.Api.Http.Security;
using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.Batch;

/// <summary>Up to 1,000 relationships, all or nothing; failing items are named by index (422 unknown entity, 409 duplicate).</summary>
internal sealed class CreateRelationshipsBatchEndpoint(RelationshipRepository relationships, IdempotencyGate idempotency, TimeProvider time)
    : Endpoint<CreateRelationshipsBatchRequest>
{
    public override void Configure()
    {
        Post("batch");
        Group<RelationshipsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Produces<Envelope<CreateRelationshipsBatchResponse>>(201)
            .ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(409, Problems.ContentType)
            .ProducesProblemDetails(422, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Create many relationships at once";
            s.Description = "One transaction. on_conflict=skip leaves out relationships that already exist (reported as skipped). Honours Idempotency-Key.";
            s.ExampleRequest = new CreateRelationshipsBatchRequest { Relationships = [new() { SourceEntityId = Guid.Parse("01a21c18-d588-71cf-b3c0-13589375ecd8"), TargetEntityId = Guid.Parse("01a21c19-0b2e-7c41-9a55-2f4f1e6b8d10"), RelationshipType = "partner_of" }] };
        });
    }

    public override async Task HandleAsync(CreateRelationshipsBatchRequest req, CancellationToken ct) =>
        await Send.ResultAsync(await idempotency.RunAsync(HttpContext, User.UserId()!.Value, req, async c =>
        {
            var now = time.GetUtcNow();
            var items = req.Relationships!.Select(r => (Guid.CreateVersion7(now), r.ToValues())).ToList();
            var result = await relationships.CreateBatchAsync(items, req.OnConflict == "skip", AuditActors.From(HttpContext), now, c);
            if (result.MissingEndpoints.Count > 0)
            {
                return ProblemResult.Of(HttpContext, 422, "Some relationships name entities that do not exist or are deleted; nothing was created.", "unknown-entity", "Unknown entity",
                    result.MissingEndpoints.Select(f => new FieldError($"relationships[{f.Index}]", "active_entity", f.Reason)).ToList());
            }

            if (result.Duplicates.Count > 0)
            {
                return ProblemResult.Of(HttpContext, 409, "Some relationships already exist; nothing was created. Use on_conflict=skip to leave them out.", "duplicate-relationship", "Duplicate relationship",
                    result.Duplicates.Select(f => new FieldError($"relationships[{f.Index}]", "unique", f.Reason)).ToList());
            }

            return new Representation<Envelope<CreateRelationshipsBatchResponse>>(201,
                Envelope.Of(HttpContext, new CreateRelationshipsBatchResponse(result.Rows.Select(RelationshipResponse.From).ToList(), result.Skipped)));
        }, ct));
}
