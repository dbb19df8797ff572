using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Admin.ApiKeys.Get;

internal sealed class GetApiKeyEndpoint(ApiKeyRepository keys) : Endpoint<ApiKeyIdRequest, Envelope<ApiKeyResponse>>
{
    public override void Configure()
    {
        Get("api-keys/{id:guid}");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b.ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s => s.Summary = "Get an API key (admins; never the secret)");
    }

    public override async Task HandleAsync(ApiKeyIdRequest req, CancellationToken ct)
    {
        var row = await keys.FindAsync(req.Id, ct);
        if (row is null)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No API key with id {req.Id}."));
            return;
        }

        await Send.OkAsync(Envelope.Of(HttpContext, ApiKeyResponse.From(row)), ct);
    }
}
