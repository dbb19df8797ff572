using System.Data;
using Dapper;
using Npgsql;

namespace Backend.Data.Auth;

/// <summary>
/// Password-reset tokens: stored as SHA-256, single use, short-lived, and bound to the account's security stamp when
/// issued, so any later security event (password change or reset, logout-all, admin revocation, deactivation, role
/// change) or a newer reset token ends them.
/// </summary>
public sealed class PasswordResetRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Issues a token carrying the account's current security stamp and spends every older open token of the user.</summary>
    public async Task CreateAsync(Guid id, Guid userId, byte[] tokenHash, DateTimeOffset now, DateTimeOffset expiresAt, string? requestedIp, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE backend_auth.password_reset_tokens SET used_at = greatest(@now, created_at) WHERE user_id = @userId AND used_at IS NULL",
            new { userId, now },
            transaction,
            cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_auth.password_reset_tokens (id, user_id, token_hash, created_at, expires_at, requested_ip, security_stamp)
            SELECT @id, @userId, @tokenHash, @now, @expiresAt, @requestedIp::inet, security_stamp FROM backend_auth.users WHERE id = @userId
            """,
            new { id, userId, tokenHash, now, expiresAt, requestedIp },
            transaction,
            cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>The active user an unused, unexpired token of the account's current security stamp belongs to, or null.</summary>
    public async Task<UserRow?> FindUserByOpenTokenAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            SELECT {Prefixed("u")} FROM backend_auth.password_reset_tokens t
            JOIN backend_auth.users u ON u.id = t.user_id
            WHERE t.token_hash = @tokenHash AND t.used_at IS NULL AND t.expires_at > @now AND t.security_stamp = u.security_stamp
              AND u.is_active AND u.deleted_at IS NULL
            """,
            new { tokenHash, now },
            cancellationToken: ct));
    }

    /// <summary>Spends the token and every other open token of the user inside the caller's transaction; false when it is no longer open for <paramref name="stamp"/>.</summary>
    internal static async Task<bool> SpendAsync(NpgsqlConnection connection, IDbTransaction transaction, byte[] tokenHash, Guid userId, long stamp, DateTimeOffset now, CancellationToken ct)
    {
        var spent = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_auth.password_reset_tokens SET used_at = @now
            WHERE token_hash = @tokenHash AND user_id = @userId AND used_at IS NULL AND expires_at > @now AND security_stamp = @stamp
            """,
            new { tokenHash, userId, now, stamp },
            transaction,
            cancellationToken: ct));
        if (spent != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE backend_auth.password_reset_tokens SET used_at = @now WHERE user_id = @userId AND used_at IS NULL",
            new { userId, now },
            transaction,
            cancellationToken: ct));
        return true;
    }

    private static string Prefixed(string alias) =>
        string.Join(", ", UserRepository.Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => alias + "." + c));
}
