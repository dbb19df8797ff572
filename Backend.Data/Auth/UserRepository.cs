using Dapper;
using Npgsql;

namespace Backend.Data.Auth;

/// <summary>Accounts: registration, lookups for login, lockout bookkeeping, names, roles and session revocation.</summary>
public sealed class UserRepository(NpgsqlDataSource dataSource)
{
    internal const string Columns = """
        id AS Id, email AS Email, password_hash AS PasswordHash, first_name AS FirstName, last_name AS LastName,
        role AS Role, is_active AS IsActive, failed_login_count AS FailedLoginCount, lockout_count AS LockoutCount,
        locked_until AS LockedUntil, last_login_at AS LastLoginAt, password_changed_at AS PasswordChangedAt,
        tokens_valid_after AS TokensValidAfter, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    /// <summary>Inserts the account; false when the email is taken (case-insensitively).</summary>
    public async Task<bool> CreateAsync(NewUser user, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_auth.users (id, email, password_hash, first_name, last_name, role, password_changed_at, tokens_valid_after, created_at, updated_at)
            VALUES (@Id, @Email, @PasswordHash, @FirstName, @LastName, @Role, @Now, date_trunc('second', @Now), @Now, @Now)
            ON CONFLICT ((lower(email))) DO NOTHING
            """,
            user,
            cancellationToken: ct));
        return inserted == 1;
    }

    public async Task<UserRow?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_auth.users WHERE lower(email) = lower(@email) AND deleted_at IS NULL",
            new { email },
            cancellationToken: ct));
    }

    public async Task<UserRow?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_auth.users WHERE id = @id AND deleted_at IS NULL",
            new { id },
            cancellationToken: ct));
    }

    public async Task<TokenState?> ReadTokenStateAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TokenState>(new CommandDefinition(
            "SELECT tokens_valid_after AS TokensValidAfter, is_active AND deleted_at IS NULL AS IsActive, role AS Role FROM backend_auth.users WHERE id = @id",
            new { id },
            cancellationToken: ct));
    }

    /// <summary>
    /// Counts a failed login. Reaching <paramref name="threshold"/> locks the account for
    /// <paramref name="baseDuration"/> × 2^(earlier lockouts), at most <paramref name="maxDuration"/>, and restarts the count.
    /// </summary>
    public async Task<LockoutState> RecordFailedLoginAsync(Guid id, DateTimeOffset now, int threshold, TimeSpan baseDuration, TimeSpan maxDuration, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<LockoutState>(new CommandDefinition(
            """
            UPDATE backend_auth.users SET
                failed_login_count = CASE WHEN failed_login_count + 1 >= @threshold THEN 0 ELSE failed_login_count + 1 END,
                lockout_count = CASE WHEN failed_login_count + 1 >= @threshold THEN lockout_count + 1 ELSE lockout_count END,
                locked_until = CASE WHEN failed_login_count + 1 >= @threshold
                    THEN @now + least(@baseDuration * power(2, least(lockout_count, 30)), @maxDuration)
                    ELSE locked_until END,
                updated_at = greatest(updated_at, @now)
            WHERE id = @id
            RETURNING failed_login_count = 0 AS JustLocked, locked_until AS LockedUntil, lockout_count AS LockoutCount
            """,
            new { id, now, threshold, baseDuration, maxDuration },
            cancellationToken: ct));
    }

    /// <summary>A successful login: clears the failure count and lock, stamps the time, and upgrades the hash when given one.</summary>
    public async Task RecordLoginAsync(Guid id, DateTimeOffset now, string? upgradedHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_auth.users SET
                failed_login_count = 0, lockout_count = 0, locked_until = NULL, last_login_at = @now,
                password_hash = coalesce(@upgradedHash, password_hash), updated_at = greatest(updated_at, @now)
            WHERE id = @id
            """,
            new { id, now, upgradedHash },
            cancellationToken: ct));
    }

    public async Task<UserRow?> UpdateNamesAsync(Guid id, string? firstName, string? lastName, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            UPDATE backend_auth.users SET
                first_name = coalesce(@firstName, first_name), last_name = coalesce(@lastName, last_name), updated_at = greatest(updated_at, @now)
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns}
            """,
            new { id, firstName, lastName, now },
            cancellationToken: ct));
    }

    /// <summary>
    /// Sets a new password hash, moves tokens_valid_after (every access token issued before dies) and revokes every
    /// live refresh token of the user, in one transaction.
    /// </summary>
    public async Task<DateTime> ChangePasswordAsync(Guid id, string passwordHash, DateTimeOffset now, DateTimeOffset tokensValidAfter, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var validAfter = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            """
            UPDATE backend_auth.users SET
                password_hash = @passwordHash, password_changed_at = @now, tokens_valid_after = greatest(tokens_valid_after + interval '1 second', @tokensValidAfter),
                failed_login_count = 0, locked_until = NULL, updated_at = greatest(updated_at, @now)
            WHERE id = @id
            RETURNING tokens_valid_after
            """,
            new { id, passwordHash, now, tokensValidAfter },
            transaction,
            cancellationToken: ct));
        await RefreshTokenRepository.RevokeAllAsync(connection, transaction, id, now, reason, ct);
        await transaction.CommitAsync(ct);
        return validAfter;
    }

    /// <summary>Ends every session: access tokens issued before <paramref name="tokensValidAfter"/> and every live refresh token.</summary>
    public async Task RevokeSessionsAsync(Guid id, DateTimeOffset now, DateTimeOffset tokensValidAfter, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE backend_auth.users SET tokens_valid_after = greatest(tokens_valid_after + interval '1 second', @tokensValidAfter), updated_at = greatest(updated_at, @now) WHERE id = @id",
            new { id, now, tokensValidAfter },
            transaction,
            cancellationToken: ct));
        await RefreshTokenRepository.RevokeAllAsync(connection, transaction, id, now, reason, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Changes the role and ends the user's sessions (tokens carry the old role); returns the user, or null when unknown.</summary>
    public async Task<UserRow?> SetRoleAsync(Guid id, string role, DateTimeOffset now, DateTimeOffset tokensValidAfter, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            UPDATE backend_auth.users SET role = @role, tokens_valid_after = greatest(tokens_valid_after + interval '1 second', @tokensValidAfter), updated_at = greatest(updated_at, @now)
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns}
            """,
            new { id, role, now, tokensValidAfter },
            transaction,
            cancellationToken: ct));
        if (row is not null)
        {
            await RefreshTokenRepository.RevokeAllAsync(connection, transaction, id, now, "role_change", ct);
        }

        await transaction.CommitAsync(ct);
        return row;
    }

    /// <summary>Deactivates or reactivates the account; deactivation ends every session.</summary>
    public async Task SetActiveAsync(Guid id, bool isActive, DateTimeOffset now, DateTimeOffset tokensValidAfter, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_auth.users SET is_active = @isActive,
                tokens_valid_after = CASE WHEN @isActive THEN tokens_valid_after ELSE greatest(tokens_valid_after + interval '1 second', @tokensValidAfter) END,
                updated_at = greatest(updated_at, @now)
            WHERE id = @id
            """,
            new { id, isActive, now, tokensValidAfter },
            transaction,
            cancellationToken: ct));
        if (!isActive)
        {
            await RefreshTokenRepository.RevokeAllAsync(connection, transaction, id, now, "deactivated", ct);
        }

        await transaction.CommitAsync(ct);
    }
}
