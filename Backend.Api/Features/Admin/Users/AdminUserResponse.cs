using Backend.Data.Auth;

namespace Backend.Api.Features.Admin.Users;

/// <summary>A user as admins see it: the account plus lockout state (never the password hash).</summary>
internal sealed record AdminUserResponse(
    Guid Id,
    string Email,
    string FirstName,
    string LastName,
    string Role,
    bool IsActive,
    int FailedLoginCount,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset PasswordChangedAt,
    DateTimeOffset TokensValidAfter,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static AdminUserResponse From(UserRow row) => new(
        row.Id, row.Email, row.FirstName, row.LastName, row.Role, row.IsActive, row.FailedLoginCount, Utc(row.LockedUntil), Utc(row.LastLoginAt),
        Utc(row.PasswordChangedAt), Utc(row.TokensValidAfter), Utc(row.CreatedAt), Utc(row.UpdatedAt));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
