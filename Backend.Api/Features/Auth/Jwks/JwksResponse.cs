namespace Backend.Api.Features.Auth.Jwks;

internal sealed record JwksResponse(IReadOnlyList<PublicJwk> Keys);
