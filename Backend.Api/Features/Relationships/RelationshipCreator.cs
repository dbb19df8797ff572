using Backend.Api.Http;
using Backend.Api.Http.Idempotency;
using Backend.Api.Http.Security;
using Backend.Data.Relationships;

namespace Backend.Api.Features.Relationships;

/// <summary>Create shared by POST /relationships and POST /entities/{id}/relationships: 201, 422 for a missing endpoint, 409 for a duplicate.</summary>
internal sealed class RelationshipCreator(RelationshipRepository relationships, IdempotencyGate idempotency, TimeProvider time)
{
    public Task CreateAsync(HttpContext context, object request, RelationshipValues values, CancellationToken ct)
    {
        var userId = context.User.UserId()!.Value;
        return idempotency.RunAsync(context, userId, request, async key =>
        {
            var now = time.GetUtcNow();
            var result = await relationships.CreateAsync(Guid.CreateVersion7(now), values, AuditActors.From(context), now, ct);
            switch (result.Status)
            {
                case RelationshipCreateStatus.Created:
                    context.Response.Headers.ETag = ETags.For(result.Row!.Version);
                    await idempotency.RespondAsync(context, userId, key, 201, Envelope.Of(context, RelationshipResponse.From(result.Row)), $"/api/v1/relationships/{result.Row.Id}", ct);
                    return;
                case RelationshipCreateStatus.Duplicate:
                    await Problems.WriteAsync(context, Problems.Create(context, 409,
                        "An active relationship with this source, target and type already exists.", "duplicate-relationship", "Duplicate relationship"));
                    return;
                default:
                    var field = result.Status == RelationshipCreateStatus.SourceMissing ? "source_entity_id" : "target_entity_id";
                    await Problems.WriteAsync(context, Problems.Create(context, 422, $"{field} names no active entity.", "unknown-entity", "Unknown entity",
                        [new FieldError(field, "active_entity", "must name an existing, non-deleted entity")]));
                    return;
            }
        }, ct);
    }
}
