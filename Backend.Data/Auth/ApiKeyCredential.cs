namespace Backend.Data.Auth;

/// <summary>What authenticating a request with an API key needs: the key, and whether its owner may still act.</summary>
public sealed record ApiKeyCredential(
    Guid Id,
    string Name,
    string Role,
    Guid CreatedBy,
    DateTime? ExpiresAt,
    DateTime? RevokedAt,
    DateTime? LastUsedAt,
    bool OwnerIsActive);
