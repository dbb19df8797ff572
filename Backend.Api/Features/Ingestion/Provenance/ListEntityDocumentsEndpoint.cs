using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Entities;
using Backend.Data.Ingest;
using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Provenance;

/// <summary>Provenance: the documents an entity was extracted from.</summary>
internal sealed class ListEntityDocumentsEndpoint(EntityRepository entities, ProvenanceRepository provenance) : Endpoint<ProvenanceRequest, Envelope<IReadOnlyList<MentionResponse>>>
{
    public override void Configure()
    {
        Get("entities/{id:guid}/documents");
        Policies(AuthPolicies.User);
        Description(b => b.WithTags("Ingestion").ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType).ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Documents that mention an entity";
            s.Description = "Oldest first, at most limit (1–500, default 100). Title and source_url are shown to the document's owner and to moderators and admins.";
        });
    }

    public override async Task HandleAsync(ProvenanceRequest req, CancellationToken ct)
    {
        var entity = await entities.GetAsync(req.Id, ct);
        if (entity is null || (!entity.IsActive && !User.IsAtLeast(Http.Security.Roles.Moderator)))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No entity with id {req.Id}."));
            return;
        }

        var rows = await provenance.ListEntityDocumentsAsync(req.Id, req.Limit ?? 100, ct);
        await Send.OkAsync(Envelope.Of(HttpContext, (IReadOnlyList<MentionResponse>)rows.Select(r => MentionResponse.From(r, IngestionAccess.CanSee(User, r.OwnerId))).ToList()), ct);
    }
}
