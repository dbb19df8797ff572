using FastEndpoints;

namespace Backend.Api.Features.Auth.Jwks;

/// <summary>
/// The JWKS document (RFC 7517), unwrapped so standard JWT libraries can read it: the current key and, while rotating,
/// the previous one. Empty with HS256 (a shared secret is never published).
/// </summary>
internal sealed class JwksEndpoint(AuthSettings settings) : EndpointWithoutRequest<JwksResponse>
{
    public override void Configure()
    {
        Get("/jwks");
        Group<AuthGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "Public signing keys (JWKS)");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        await Send.OkAsync(new JwksResponse(settings.Keys.PublicKeys()), ct);
    }
}
