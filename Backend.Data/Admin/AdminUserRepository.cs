using Backend.Data.Audit;
using Backend.Data.Auth;
using Dapper;
using Npgsql;

namespace Backend.Data.Admin;

/// <summary>Account administration: listing, changes guarded by the last-admin rule, unlock, session revocation.</summary>
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
            WHERE deleted_at IS NULL
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

    /// <summary>
    /// Applies <paramref name="change"/> and writes <paramref name="audit"/> in one transaction. Every active admin row is
    /// locked first, so two admins demoting or deactivating each other concurrently cannot leave no active admin:
    /// the second waits, then sees only one admin left and gets <see cref="UserChangeStatus.LastAdmin"/>.
    /// A role change or deactivation moves tokens_valid_after and revokes every refresh token.
    /// </summary>
    public async Task<UserChangeOutcome> ChangeAsync(Guid id, UserChange change, DateTimeOffset now, DateTimeOffset tokensValidAfter, AuditEvent audit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var admins = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM backend_auth.users WHERE role = 'admin' AND is_active AND deleted_at IS NULL ORDER BY id FOR UPDATE",
            transaction: transaction,
            cancellationToken: ct))).ToList();
        var current = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserRepository.Columns} FROM backend_auth.users WHERE id = @id AND deleted_at IS NULL FOR UPDATE",
            new { id },
            transaction,
            cancellationToken: ct));
        if (current is null)
        {
            return new UserChangeOutcome(UserChangeStatus.NotFound, null, false);
        }

        var removesAdmin = admins.Contains(id) && ((change.Role is not null && change.Role != "admin") || change.IsActive == false);
        if (removesAdmin && admins.Count == 1)
        {
            return new UserChangeOutcome(UserChangeStatus.LastAdmin, current, false);
        }

        var endSessions = (change.Role is not null && change.Role != current.Role) || (change.IsActive == false && current.IsActive);
        var row = await connection.QuerySingleAsync<UserRow>(new CommandDefinition(
            $"""
            UPDATE backend_auth.users SET
                role = coalesce(@Role, role),
                is_active = coalesce(@IsActive, is_active),
                first_name = coalesce(@FirstName, first_name),
                last_name = coalesce(@LastName, last_name),
                tokens_valid_after = CASE WHEN @endSessions THEN greatest(tokens_valid_after + interval '1 second', @tokensValidAfter) ELSE tokens_valid_after END,
                updated_at = greatest(updated_at, @now)
            WHERE id = @id
            RETURNING {UserRepository.Columns}
            """,
            new { id, change.Role, change.IsActive, change.FirstName, change.LastName, endSessions, tokensValidAfter, now },
            transaction,
            cancellationToken: ct));
        if (endSessions)
        {
            await RefreshTokenRepository.RevokeAllAsync(connection, transaction, id, now, change.IsActive == false ? "deactivated" : "role_change", ct);
        }

        await AuditEvents.InsertAsync(connection, transaction, audit, ct);
        await transaction.CommitAsync(ct);
        return new UserChangeOutcome(UserChangeStatus.Changed, row, endSessions);
    }

    /// <summary>Clears the lock and the failure counts; null when the user is unknown.</summary>
    public async Task<UserRow?> UnlockAsync(Guid id, DateTimeOffset now, AuditEvent audit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            UPDATE backend_auth.users SET failed_login_count = 0, lockout_count = 0, locked_until = NULL, updated_at = greatest(updated_at, @now)
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {UserRepository.Columns}
            """,
            new { id, now },
            transaction,
            cancellationToken: ct));
        if (row is not null)
        {
            await AuditEvents.InsertAsync(connection, transaction, audit, ct);
        }

        await transaction.CommitAsync(ct);
        return row;
    }

    /// <summary>Ends every session of the user (access tokens and refresh tokens); false when the user is unknown.</summary>
    public async Task<bool> RevokeSessionsAsync(Guid id, DateTimeOffset now, DateTimeOffset tokensValidAfter, AuditEvent audit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_auth.users SET tokens_valid_after = greatest(tokens_valid_after + interval '1 second', @tokensValidAfter), updated_at = greatest(updated_at, @now)
            WHERE id = @id AND deleted_at IS NULL
            """,
            new { id, now, tokensValidAfter },
            transaction,
            cancellationToken: ct));
        if (updated == 0)
        {
            return false;
        }

        var revoked = await RefreshTokenRepository.RevokeAllAsync(connection, transaction, id, now, "admin_revoke", ct);
        await AuditEvents.InsertAsync(connection, transaction, audit with { DetailsJson = $$"""{"refresh_tokens_revoked":{{revoked}}}""" }, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, UserListQuery query, string? pattern, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT count(*) FROM backend_auth.users
            WHERE deleted_at IS NULL
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
