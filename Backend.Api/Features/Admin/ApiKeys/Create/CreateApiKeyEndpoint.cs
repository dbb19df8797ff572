using System.Text.Json;
using Backend.Api.Features.Audit;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Admin.ApiKeys.Create;

internal sealed class CreateApiKeyEndpoint(ApiKeyRepository keys, TimeProvider time) : Endpoint<CreateApiKeyRequest, Envelope<CreatedApiKeyResponse>>
{
    public override void Configure()
    {
        Post("api-keys");
        Group<AdminGroup>();
        Policies(AuthPolicies.Admin);
        Description(b => b
            .Produces<Envelope<CreatedApiKeyResponse>>(201)
            .ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(401, Problems.ContentType).ProducesProblemDetails(403, Problems.ContentType)
            .ProducesProblemDetails(409, Problems.ContentType), clearDefaults: false);
        Summary(s =>
        {
            s.Summary = "Create a service API key (admins)";
            s.Description = "The key (bk_<prefix>_<secret>) is in this response only; only its SHA-256 is stored. Services send it as Authorization: ApiKey <key> " +
                "or X-API-Key: <key> and act as the creating admin with the key's role. 409 when a live key has the same name.";
            s.ExampleRequest = new CreateApiKeyRequest { Name = "ingest-service", Role = Http.Security.Roles.User };
        });
    }

    public override async Task HandleAsync(CreateApiKeyRequest req, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (req.ExpiresAt is { } expires && expires <= now)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 400, "One or more fields are invalid; see errors.", "validation", "Validation failed",
                [new FieldError("expires_at", "future", "must be in the future")]));
            return;
        }

        var (key, prefix) = Http.Security.ApiKeys.Create();
        var id = Guid.CreateVersion7(now);
        var role = req.Role ?? Http.Security.Roles.User;
        var details = JsonSerializer.Serialize(new { name = req.Name, prefix, role, expires_at = req.ExpiresAt }, Problems.Json);
        var audit = Backend.Data.Audit.AuditEvents.Event(AuditActors.From(HttpContext), now, AuditActions.ApiKeyCreate, "api_key", id, details);
        var row = await keys.CreateAsync(new NewApiKey(id, req.Name, prefix, Http.Security.ApiKeys.Hash(key), role, User.UserId()!.Value, now, req.ExpiresAt), audit, ct);
        if (row is null)
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 409, $"A live API key is already named '{req.Name}'; revoke it or pick another name.", "conflict", "Name taken"));
            return;
        }

        HttpContext.Response.Headers.CacheControl = "no-store";
        HttpContext.Response.Headers.Location = $"/api/v1/admin/api-keys/{row.Id}";
        await Send.ResponseAsync(Envelope.Of(HttpContext, new CreatedApiKeyResponse(key, ApiKeyResponse.From(row))), 201, ct);
    }
}
