namespace Backend.Data.Auth;

/// <summary>A refresh token to store: only its SHA-256 (<paramref name="TokenHash"/>), never the token.</summary>
public sealed record NewRefreshToken(Guid Id, byte[] TokenHash, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string? ClientIp, string? UserAgent);
