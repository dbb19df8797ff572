using System.Text.Json.Nodes;
using Backend.Api.Features.Graph;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using FastEndpoints;

namespace Backend.Api.Features.Entities.Patch;

/// <summary>PATCH with a JSON merge patch (application/merge-patch+json or application/json).</summary>
internal sealed class PatchEntityEndpoint(EntityUpdater updater, GraphSettings settings) : EndpointWithoutRequest<Envelope<EntityResponse>>
{
    public override void Configure()
    {
        Patch("{id:guid}");
        Group<EntitiesGroup>();
        Policies(AuthPolicies.User);
        Description(b => b
            .Accepts<JsonObject>(JsonMergePatch.MediaType, "application/json")
            .ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType)
            .ProducesProblemDetails(409, Problems.ContentType).ProducesProblemDetails(412, Problems.ContentType)
            .ProducesProblemDetails(415, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Change some fields of an entity";
            s.Description = "JSON merge patch (RFC 7396): absent = unchanged, null = cleared, metadata objects merge. Honours If-Match and If-None-Match (412).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.ResultAsync(await OutcomeAsync(ct));

    private async Task<IResult> OutcomeAsync(CancellationToken ct)
    {
        var (patch, problem) = await JsonMergePatch.ReadAsync(HttpContext, ct);
        if (patch is null)
        {
            return problem!;
        }

        var rules = new EntityFieldsRules(() => settings);
        return await updater.UpdateAsync(HttpContext, Route<Guid>("id"), current =>
        {
            var (fields, errors) = EntityMergePatch.Apply(current, patch);
            if (fields is null)
            {
                return (null, errors);
            }

            var result = rules.Validate(fields);
            return result.IsValid
                ? (fields.ToValues(), null)
                : (null, result.Errors.Select(Problems.ToFieldError).ToList());
        }, ct);
    }
}
