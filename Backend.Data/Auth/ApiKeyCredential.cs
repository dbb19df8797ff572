namespace Backend.Data.Auth;

/// <summary>What authenticating a request with an API key needs: the key (its id is also its principal's), and its creator's current state.</summary>
public sealed record ApiKeyCredential(
    Guid Id,
    string Name,
    string Role,
    Guid CreatedBy,
    DateTime? ExpiresAt,
    DateTime? RevokedAt,
    DateTime? LastUsedAt,
    bool OwnerIsActive,
    string OwnerRole);
