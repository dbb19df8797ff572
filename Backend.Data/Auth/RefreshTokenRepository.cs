using System.Data;
using Dapper;
using Npgsql;

namespace Backend.Data.Auth;

/// <summary>Refresh tokens: issue a family at login, rotate on use, revoke a family or all of a user's tokens.</summary>
public sealed class RefreshTokenRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = "id AS Id, user_id AS UserId, family_id AS FamilyId, expires_at AS ExpiresAt, used_at AS UsedAt, revoked_at AS RevokedAt";

    /// <summary>The first token of a new family (a login).</summary>
    public async Task IssueAsync(Guid userId, NewRefreshToken token, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_auth.refresh_tokens (id, user_id, token_hash, family_id, issued_at, expires_at, client_ip, user_agent)
            VALUES (@Id, @userId, @TokenHash, @Id, @IssuedAt, @ExpiresAt, @ClientIp::inet, @UserAgent)
            """,
            new { userId, token.Id, token.TokenHash, token.IssuedAt, token.ExpiresAt, token.ClientIp, token.UserAgent },
            cancellationToken: ct));
    }

    /// <summary>
    /// Spends the live token whose hash is <paramref name="presentedHash"/> and stores its child in the same family,
    /// atomically (two concurrent uses cannot both succeed). Returns the spent token, or null when it was not live.
    /// </summary>
    public async Task<RefreshTokenRow?> RotateAsync(byte[] presentedHash, NewRefreshToken child, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RefreshTokenRow>(new CommandDefinition(
            $"""
            WITH spent AS (
                UPDATE backend_auth.refresh_tokens SET used_at = @IssuedAt
                WHERE token_hash = @presentedHash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > @IssuedAt
                RETURNING {Columns}
            ), child AS (
                INSERT INTO backend_auth.refresh_tokens (id, user_id, token_hash, family_id, parent_id, issued_at, expires_at, client_ip, user_agent)
                SELECT @Id, UserId, @TokenHash, FamilyId, Id, @IssuedAt, @ExpiresAt, @ClientIp::inet, @UserAgent FROM spent
            )
            SELECT * FROM spent
            """,
            new { presentedHash, child.Id, child.TokenHash, child.IssuedAt, child.ExpiresAt, child.ClientIp, child.UserAgent },
            cancellationToken: ct));
    }

    public async Task<RefreshTokenRow?> FindByHashAsync(byte[] tokenHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RefreshTokenRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_auth.refresh_tokens WHERE token_hash = @tokenHash",
            new { tokenHash },
            cancellationToken: ct));
    }

    /// <summary>Revokes every not yet revoked token of the family; returns how many.</summary>
    public async Task<int> RevokeFamilyAsync(Guid familyId, DateTimeOffset now, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE backend_auth.refresh_tokens SET revoked_at = @now, revoked_reason = @reason WHERE family_id = @familyId AND revoked_at IS NULL",
            new { familyId, now, reason },
            cancellationToken: ct));
    }

    internal static Task<int> RevokeAllAsync(NpgsqlConnection connection, IDbTransaction transaction, Guid userId, DateTimeOffset now, string reason, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE backend_auth.refresh_tokens SET revoked_at = @now, revoked_reason = @reason WHERE user_id = @userId AND revoked_at IS NULL",
            new { userId, now, reason },
            transaction,
            cancellationToken: ct));
}
