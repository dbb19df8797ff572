namespace Backend.Data.Auth;

/// <summary>One row of <c>backend_auth.api_keys</c> without the hash (times are UTC).</summary>
public sealed record ApiKeyRow(
    Guid Id,
    string Name,
    string Prefix,
    string Role,
    Guid CreatedBy,
    DateTime CreatedAt,
    DateTime? ExpiresAt,
    DateTime? RevokedAt,
    DateTime? LastUsedAt);
