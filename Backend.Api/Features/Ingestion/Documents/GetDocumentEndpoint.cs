using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Ingest;
using FastEndpoints;

namespace Backend.Api.Features.Ingestion.Documents;

internal sealed class GetDocumentEndpoint(DocumentRepository documents) : Endpoint<GetDocumentRequest, Envelope<DocumentResponse>>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<DocumentsGroup>();
        Policies(AuthPolicies.User);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType)
            .ProducesProblemDetails(503, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Get a document";
            s.Description = "The document with its content and the status of its job. Owners see their documents, moderators and admins every document; anyone else gets 404.";
        });
    }

    public override async Task HandleAsync(GetDocumentRequest req, CancellationToken ct)
    {
        var row = await documents.GetAsync(req.Id, ct);
        if (row is null || !IngestionAccess.CanSee(User, row.OwnerId))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No document with id {req.Id}."));
            return;
        }

        var content = await documents.GetContentAsync(req.Id, ct);
        await Send.OkAsync(Envelope.Of(HttpContext, DocumentResponse.From(row, content)), ct);
    }
}
