using System.Security.Claims;

namespace Backend.Api.Features.Auth.Tokens;

/// <summary>A validated access token: its principal and the claims the per-request revocation check compares.</summary>
internal sealed record ValidatedToken(string Encoded, ClaimsPrincipal Principal, Guid UserId, string Role, DateTimeOffset IssuedAt, DateTimeOffset Expires);
