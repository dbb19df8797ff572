using Backend.Api.Http;
using Backend.Api.Http.Idempotency;
using Backend.Api.Http.Security;
using Backend.Data.Relationships;

namespace Backend.Api.Features.Relationships;

/// <summary>Create shared by POST /relationships and POST /entities/{id}/relationships: 201, 422 for a missing endpoint, 409 for a duplicate.</summary>
internal sealed class RelationshipCreator(RelationshipRepository relationships, IdempotencyGate idempotency, TimeProvider time)
{
    public Task<IResult> CreateAsync(HttpContext context, object request, RelationshipValues values, CancellationToken ct) =>
        idempotency.RunAsync(context, context.User.UserId()!.Value, request, async c =>
        {
            var now = time.GetUtcNow();
            var result = await relationships.CreateAsync(Guid.CreateVersion7(now), values, AuditActors.From(context), now, c);
            switch (result.Status)
            {
                case RelationshipCreateStatus.Created:
                    return Represent.Created(Envelope.Of(context, RelationshipResponse.From(result.Row!)), $"/api/v1/relationships/{result.Row!.Id}", result.Row.Version);
                case RelationshipCreateStatus.Duplicate:
                    return RelationshipProblems.Duplicate(context);
                default:
                    var field = result.Status == RelationshipCreateStatus.SourceMissing ? "source_entity_id" : "target_entity_id";
                    return ProblemResult.Of(context, 422, $"{field} names no active entity.", "unknown-entity", "Unknown entity",
                        [new FieldError(field, "active_entity", "must name an existing, non-deleted entity")]);
            }
        }, ct);
}
