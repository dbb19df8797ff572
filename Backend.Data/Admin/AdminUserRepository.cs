using Backend.Data.Auth;
using Dapper;
using Npgsql;

namespace Backend.Data.Admin;

/// <summary>Account administration reads: the user listing (people only; service accounts of API keys are not listed). UserRepository writes.</summary>
public sealed class AdminUserRepository(NpgsqlDataSource dataSource)
{
    public async Task<UserPage> ListAsync(UserListQuery query, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var pattern = query.Search is null ? null : "%" + EscapeLike(query.Search) + "%";
        var rows = (await connection.QueryAsync<UserRowWithTotal>(new CommandDefinition(
            $"""
            SELECT {UserRepository.Columns}, count(*) OVER () AS Total
            FROM backend_auth.users
            WHERE deleted_at IS NULL AND kind = 'person'
              AND (@Role::text IS NULL OR role = @Role)
              AND (@IsActive::boolean IS NULL OR is_active = @IsActive)
              AND (@pattern::text IS NULL OR email ILIKE @pattern OR first_name ILIKE @pattern OR last_name ILIKE @pattern)
            ORDER BY created_at DESC, id DESC
            LIMIT @Limit OFFSET @Offset
            """,
            new { query.Role, query.IsActive, pattern, query.Limit, query.Offset },
            cancellationToken: ct))).ToList();
        var total = rows.Count > 0 ? rows[0].Total : await CountAsync(connection, query, pattern, ct);
        return new UserPage(rows.Select(r => r.ToRow()).ToList(), total, query.Offset + rows.Count < total);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, UserListQuery query, string? pattern, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT count(*) FROM backend_auth.users
            WHERE deleted_at IS NULL AND kind = 'person'
              AND (@Role::text IS NULL OR role = @Role)
              AND (@IsActive::boolean IS NULL OR is_active = @IsActive)
              AND (@pattern::text IS NULL OR email ILIKE @pattern OR first_name ILIKE @pattern OR last_name ILIKE @pattern)
            """,
            new { query.Role, query.IsActive, pattern },
            cancellationToken: ct));

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private sealed record UserRowWithTotal(
        Guid Id, string Email, string PasswordHash, string FirstName, string LastName, string Role, bool IsActive, int FailedLoginCount, int LockoutCount,
        DateTime? LockedUntil, DateTime? LastLoginAt, DateTime PasswordChangedAt, DateTime TokensValidAfter, DateTime CreatedAt, DateTime UpdatedAt, long Total)
    {
        public UserRow ToRow() => new(Id, Email, PasswordHash, FirstName, LastName, Role, IsActive, FailedLoginCount, LockoutCount, LockedUntil, LastLoginAt,
            PasswordChangedAt, TokensValidAfter, CreatedAt, UpdatedAt);
    }
}
