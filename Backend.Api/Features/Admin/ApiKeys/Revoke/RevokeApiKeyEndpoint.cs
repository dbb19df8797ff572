using Backend.Api.Features.Audit;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Admin.ApiKeys.Revoke;

/// <summary>Revokes the key; the next request with it is 401 on every replica (keys are checked against the database on each request).</summary>
internal sealed class RevokeApiKeyEndpoint(ApiKeyRepository keys, TimeProvider time) : Endpoint<ApiKeyIdRequest>
{
    public override void Configure()
    {
        Delete("api-keys/{id:guid}");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b.Produces(204).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType).ProducesProblemDetails(404, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Revoke an API key (admins)";
            s.Description = "Idempotent: revoking a revoked key is 204 and keeps the first revocation time.";
        });
    }

    public override async Task HandleAsync(ApiKeyIdRequest req, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var audit = Backend.Data.Audit.AuditEvents.Event(AuditActors.From(HttpContext), now, AuditActions.ApiKeyRevoke, "api_key", req.Id, "{}");
        if (await keys.RevokeAsync(req.Id, User.UserId()!.Value, now, audit, ct) is null)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 404, $"No API key with id {req.Id}."));
            return;
        }

        await Send.NoContentAsync(ct);
    }
}
