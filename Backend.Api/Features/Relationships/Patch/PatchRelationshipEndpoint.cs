using System.Text.Json.Nodes;
using Backend.Api.Features.Entities;
using Backend.Api.Features.Graph;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Relationships.Patch;

/// <summary>JSON merge patch of relationship_type, confidence, evidence and metadata; the endpoints are fixed.</summary>
internal sealed class PatchRelationshipEndpoint(RelationshipRepository relationships, GraphSettings settings, TimeProvider time)
    : EndpointWithoutRequest<Envelope<RelationshipResponse>>
{
    public override void Configure()
    {
        Patch("{id:guid}");
        Group<RelationshipsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType)
            .ProducesProblemDetails(409, Problems.ContentType).ProducesProblemDetails(412, Problems.ContentType)
            .ProducesProblemDetails(415, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Change a relationship";
            s.Description = "JSON merge patch of relationship_type, confidence, evidence, metadata (null clears). Honours If-Match.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<Guid>("id");
        if (await JsonMergePatch.ReadAsync(HttpContext, ct) is not { } patch)
        {
            return;
        }

        var current = await relationships.GetVisibleAsync(id, ct);
        if (current is null)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No relationship with id {id}."));
            return;
        }

        if (!EntityAccess.CanModify(User, current.CreatedBy))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 403, "Only its creator, a moderator or an admin may change this relationship."));
            return;
        }

        var required = ETags.RequiredVersion(HttpContext.Request, out var unmatchable);
        if (unmatchable || (required is not null && required != current.Version))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 412, "If-Match does not match the relationship's current ETag."));
            return;
        }

        var (fields, errors) = RelationshipPatchBody.Apply(current, patch);
        if (fields is not null)
        {
            errors = new CreateRelationshipFieldsRules(() => settings).Validate(fields).Errors.Select(Problems.ToFieldError).ToList();
        }

        if (fields is null || errors.Count > 0)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 400, "One or more fields are invalid; see errors.", "validation", "Validation failed", errors));
            return;
        }

        var values = fields.ToValues();
        var changed = new List<string>();
        if (values.RelationshipType != current.RelationshipType) changed.Add("relationship_type");
        if (!values.Confidence.Equals(current.Confidence)) changed.Add("confidence");
        if (values.Evidence != current.Evidence) changed.Add("evidence");
        if (!JsonNode.DeepEquals(JsonNode.Parse(values.Metadata), JsonNode.Parse(current.Metadata))) changed.Add("metadata");
        var (status, row, duplicate) = await relationships.UpdateAsync(
            id, values.RelationshipType, values.Confidence, values.Evidence, values.Metadata, required ?? current.Version, changed, AuditActors.From(HttpContext), time.GetUtcNow(), ct);
        if (duplicate)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 409, "An active relationship with this source, target and type already exists.", "duplicate-relationship", "Duplicate relationship"));
            return;
        }

        if (status != EntityWriteStatus.Done)
        {
            await Problems.WriteAsync(HttpContext, status == EntityWriteStatus.NotFound
                ? Problems.Create(HttpContext, 404, $"No relationship with id {id}.")
                : Problems.Create(HttpContext, required is null ? 409 : 412, "The relationship was changed by another request meanwhile; read it again and retry."));
            return;
        }

        HttpContext.Response.Headers.ETag = ETags.For(row!.Version);
        await Send.OkAsync(Envelope.Of(HttpContext, RelationshipResponse.From(row)), ct);
    }
}
