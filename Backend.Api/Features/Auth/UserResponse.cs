using Backend.Data.Auth;

namespace Backend.Api.Features.Auth;

/// <summary>A user as the API shows it (never the hash or lockout state).</summary>
internal sealed record UserResponse(Guid Id, string Email, string FirstName, string LastName, string Role, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastLoginAt)
{
    public static UserResponse From(UserRow row) =>
        new(row.Id, row.Email, row.FirstName, row.LastName, row.Role, row.IsActive, Utc(row.CreatedAt), Utc(row.UpdatedAt), row.LastLoginAt is { } last ? Utc(last) : null);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
