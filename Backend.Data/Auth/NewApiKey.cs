namespace Backend.Data.Auth;

public sealed record NewApiKey(Guid Id, string Name, string Prefix, byte[] KeyHash, string Role, Guid CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);
