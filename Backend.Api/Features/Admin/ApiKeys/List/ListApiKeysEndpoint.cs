using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Admin.ApiKeys.List;

internal sealed class ListApiKeysEndpoint(ApiKeyRepository keys) : Endpoint<ListApiKeysRequest, Envelope<IReadOnlyList<ApiKeyResponse>>>
{
    private const int DefaultLimit = 50;

    public override void Configure()
    {
        Get("api-keys");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b.ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "List API keys (admins)";
            s.Description = "Newest first, live keys only unless include_revoked=true. Never shows the secret. limit 1–100 (default 50), offset.";
        });
    }

    public override async Task HandleAsync(ListApiKeysRequest req, CancellationToken ct)
    {
        var limit = req.Limit ?? DefaultLimit;
        var offset = req.Offset ?? 0;
        var rows = await keys.ListAsync((req.IncludeRevoked == true), limit + 1, offset, ct);
        var items = (IReadOnlyList<ApiKeyResponse>)rows.Take(limit).Select(ApiKeyResponse.From).ToList();
        await Send.OkAsync(Envelope.Of(HttpContext, items, new Pagination(limit, offset, null, null, rows.Count > limit)), ct);
    }
}
