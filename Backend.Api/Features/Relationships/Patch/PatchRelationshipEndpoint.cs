using System.Text.Json.Nodes;
using Backend.Api.Features.Entities;
using Backend.Api.Features.Graph;
using Backend.Api.Http;
using Backend.Api.Http.Security;
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
            .Accepts<JsonObject>(JsonMergePatch.MediaType, "application/json")
            .ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType)
            .ProducesProblemDetails(409, Problems.ContentType).ProducesProblemDetails(412, Problems.ContentType)
            .ProducesProblemDetails(415, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Change a relationship";
            s.Description = "JSON merge patch (RFC 7396) of relationship_type, confidence, evidence, metadata (null clears). Honours If-Match and If-None-Match (412).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.ResultAsync(await OutcomeAsync(ct));

    private async Task<IResult> OutcomeAsync(CancellationToken ct)
    {
        var id = Route<Guid>("id");
        var (patch, problem) = await JsonMergePatch.ReadAsync(HttpContext, ct);
        if (patch is null)
        {
            return problem!;
        }

        var rules = new CreateRelationshipFieldsRules(() => settings);
        return await new VersionedWrite<RelationshipRow>
        {
            Noun = "relationship",
            Id = id,
            Load = c => relationships.GetVisibleAsync(id, c),
            Version = row => row.Version,
            CanModify = row => EntityAccess.CanModify(User, row.CreatedBy),
            Plan = current =>
            {
                var (fields, errors) = RelationshipPatchBody.Apply(current, patch);
                if (fields is not null)
                {
                    errors = rules.Validate(fields).Errors.Select(Problems.ToFieldError).ToList();
                }

                if (fields is null || errors.Count > 0)
                {
                    return WritePlan<RelationshipRow>.Invalid(errors);
                }

                var values = fields.ToValues();
                return WritePlan<RelationshipRow>.Run((version, c) => relationships.UpdateAsync(
                    id, values.RelationshipType, values.Confidence, values.Evidence, values.Metadata, version, ChangedFields(current, values),
                    AuditActors.From(HttpContext), time.GetUtcNow(), c));
            },
            Respond = row => Represent.Ok(Envelope.Of(HttpContext, RelationshipResponse.From(row)), row.Version),
            Duplicate = () => RelationshipProblems.Duplicate(HttpContext),
        }.RunAsync(HttpContext, ct);
    }

    private static List<string> ChangedFields(RelationshipRow current, RelationshipValues values)
    {
        var changed = new List<string>();
        if (values.RelationshipType != current.RelationshipType) changed.Add("relationship_type");
        if (!values.Confidence.Equals(current.Confidence)) changed.Add("confidence");
        if (values.Evidence != current.Evidence) changed.Add("evidence");
        if (!JsonNode.DeepEquals(JsonNode.Parse(values.Metadata), JsonNode.Parse(current.Metadata))) changed.Add("metadata");
        return changed;
    }
}
