namespace Backend.Api.Features.Auth.Tokens;

internal sealed record AccessToken(string Token, int ExpiresIn);
