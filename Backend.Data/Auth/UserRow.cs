namespace Backend.Data.Auth;

/// <summary>One row of <c>backend_auth.users</c> (times are UTC).</summary>
public sealed record UserRow(
    Guid Id,
    string Email,
    string PasswordHash,
    string FirstName,
    string LastName,
    string Role,
    bool IsActive,
    int FailedLoginCount,
    int LockoutCount,
    DateTime? LockedUntil,
    DateTime? LastLoginAt,
    DateTime PasswordChangedAt,
    DateTime TokensValidAfter,
    DateTime CreatedAt,
    DateTime UpdatedAt);
