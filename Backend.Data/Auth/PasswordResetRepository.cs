using Dapper;
using Npgsql;

namespace Backend.Data.Auth;

/// <summary>Password-reset tokens: stored as SHA-256, single use, short-lived.</summary>
public sealed class PasswordResetRepository(NpgsqlDataSource dataSource)
{
    public async Task CreateAsync(Guid id, Guid userId, byte[] tokenHash, DateTimeOffset now, DateTimeOffset expiresAt, string? requestedIp, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_auth.password_reset_tokens (id, user_id, token_hash, created_at, expires_at, requested_ip)
            VALUES (@id, @userId, @tokenHash, @now, @expiresAt, @requestedIp::inet)
            """,
            new { id, userId, tokenHash, now, expiresAt, requestedIp },
            cancellationToken: ct));
    }

    /// <summary>The active user an unused, unexpired token belongs to, or null.</summary>
    public async Task<UserRow?> FindUserByOpenTokenAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            SELECT {Prefixed("u")} FROM backend_auth.password_reset_tokens t
            JOIN backend_auth.users u ON u.id = t.user_id
            WHERE t.token_hash = @tokenHash AND t.used_at IS NULL AND t.expires_at > @now AND u.is_active AND u.deleted_at IS NULL
            """,
            new { tokenHash, now },
            cancellationToken: ct));
    }

    /// <summary>
    /// Spends the token (and every other open token of the user), sets the new password, moves tokens_valid_after and
    /// revokes every refresh token, in one transaction. False when the token was already spent or expired meanwhile.
    /// </summary>
    public async Task<bool> ResetPasswordAsync(byte[] tokenHash, Guid userId, string passwordHash, DateTimeOffset now, DateTimeOffset tokensValidAfter, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var spent = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE backend_auth.password_reset_tokens SET used_at = @now WHERE token_hash = @tokenHash AND user_id = @userId AND used_at IS NULL AND expires_at > @now",
            new { tokenHash, userId, now },
            transaction,
            cancellationToken: ct));
        if (spent != 1)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE backend_auth.password_reset_tokens SET used_at = @now WHERE user_id = @userId AND used_at IS NULL",
            new { userId, now },
            transaction,
            cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_auth.users SET
                password_hash = @passwordHash, password_changed_at = @now, tokens_valid_after = greatest(tokens_valid_after + interval '1 second', @tokensValidAfter),
                failed_login_count = 0, lockout_count = 0, locked_until = NULL, updated_at = greatest(updated_at, @now)
            WHERE id = @userId
            """,
            new { userId, passwordHash, now, tokensValidAfter },
            transaction,
            cancellationToken: ct));
        await RefreshTokenRepository.RevokeAllAsync(connection, transaction, userId, now, "password_reset", ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static string Prefixed(string alias) =>
        string.Join(", ", UserRepository.Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => alias + "." + c));
}
