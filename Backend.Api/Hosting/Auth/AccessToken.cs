namespace Backend.Api.Hosting.Auth;

internal sealed record AccessToken(string Token, int ExpiresIn);
