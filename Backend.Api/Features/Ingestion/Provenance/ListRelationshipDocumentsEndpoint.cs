using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Ingest;
using Backend.Data.Relationships;
using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Provenance;

/// <summary>Provenance: the documents a relationship was extracted from.</summary>
internal sealed class ListRelationshipDocumentsEndpoint(RelationshipRepository relationships, ProvenanceRepository provenance)
    : Endpoint<ProvenanceRequest, Envelope<IReadOnlyList<MentionResponse>>>
{
    public override void Configure()
    {
        Get("relationships/{id:guid}/documents");
        Policies(AuthPolicies.User);
        Description(b => b.WithTags("Ingestion").ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType)
            .ProducesProblemDetails(404, Problems.ContentType).ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Documents that mention a relationship";
            s.Description = "Oldest first, at most limit (1–500, default 100). Title and source_url are shown to the document's owner and to moderators and admins.";
        });
    }

    public override async Task HandleAsync(ProvenanceRequest req, CancellationToken ct)
    {
        var relationship = User.IsAtLeast(Http.Security.Roles.Moderator) ? await relationships.GetAnyAsync(req.Id, ct) : await relationships.GetVisibleAsync(req.Id, ct);
        if (relationship is null)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No relationship with id {req.Id}."));
            return;
        }

        var rows = await provenance.ListRelationshipDocumentsAsync(req.Id, req.Limit ?? 100, ct);
        await Send.OkAsync(Envelope.Of(HttpContext, (IReadOnlyList<MentionResponse>)rows.Select(r => MentionResponse.From(r, IngestionAccess.CanSee(User, r.OwnerId))).ToList()), ct);
    }
}
