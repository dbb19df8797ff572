using Backend.Data.Audit;
using Dapper;
using Npgsql;

namespace Backend.Data.Auth;

/// <summary>Service API keys: create (hash only), list, revoke, look up by hash, record use.</summary>
public sealed class ApiKeyRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id AS Id, name AS Name, prefix AS Prefix, role AS Role, created_by AS CreatedBy, created_at AS CreatedAt,
        expires_at AS ExpiresAt, revoked_at AS RevokedAt, last_used_at AS LastUsedAt
        """;

    /// <summary>
    /// Stores the key, its principal (a service account in backend_auth.users with the key's id, so what the key creates
    /// has a real created_by) and its audit event together; null when a live key already has that name.
    /// </summary>
    public async Task<ApiKeyRow?> CreateAsync(NewApiKey key, AuditEvent audit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await UserRepository.InsertServiceAccountAsync(connection, transaction, key, ct);
        var row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(
            $"""
            INSERT INTO backend_auth.api_keys (id, name, prefix, key_hash, role, created_by, created_at, expires_at)
            VALUES (@Id, @Name, @Prefix, @KeyHash, @Role, @CreatedBy, @CreatedAt, @ExpiresAt)
            ON CONFLICT ((lower(name))) WHERE revoked_at IS NULL DO NOTHING
            RETURNING {Columns}
            """,
            key,
            transaction,
            cancellationToken: ct));
        if (row is null)
        {
            await transaction.RollbackAsync(ct);
            return null;
        }

        await AuditEvents.InsertAsync(connection, transaction, audit, ct);
        await transaction.CommitAsync(ct);
        return row;
    }

    public async Task<ApiKeyRow?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM backend_auth.api_keys WHERE id = @id",
            new { id },
            cancellationToken: ct));
    }

    /// <summary>Newest first; revoked keys only when asked for.</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(bool includeRevoked, int limit, int offset, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ApiKeyRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM backend_auth.api_keys
            WHERE @includeRevoked OR revoked_at IS NULL
            ORDER BY created_at DESC, id DESC
            LIMIT @limit OFFSET @offset
            """,
            new { includeRevoked, limit, offset },
            cancellationToken: ct))).ToList();
    }

    /// <summary>Revokes the key (idempotent: an already revoked key keeps its first revocation); null when unknown.</summary>
    public async Task<ApiKeyRow?> RevokeAsync(Guid id, Guid revokedBy, DateTimeOffset now, AuditEvent audit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(
            $"""
            UPDATE backend_auth.api_keys SET revoked_at = coalesce(revoked_at, greatest(@now, created_at)), revoked_by = coalesce(revoked_by, @revokedBy)
            WHERE id = @id
            RETURNING {Columns}
            """,
            new { id, revokedBy, now },
            transaction,
            cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        await UserRepository.DeactivateServiceAccountAsync(connection, transaction, id, now, ct);
        await AuditEvents.InsertAsync(connection, transaction, audit, ct);
        await transaction.CommitAsync(ct);
        return row;
    }

    /// <summary>The key whose secret hashes to <paramref name="keyHash"/>, with its creator's current state; null when unknown.</summary>
    public async Task<ApiKeyCredential?> FindCredentialAsync(byte[] keyHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKeyCredential>(new CommandDefinition(
            """
            SELECT k.id AS Id, k.name AS Name, k.role AS Role, k.created_by AS CreatedBy, k.expires_at AS ExpiresAt, k.revoked_at AS RevokedAt,
                   k.last_used_at AS LastUsedAt, (u.is_active AND u.deleted_at IS NULL) AS OwnerIsActive, u.role AS OwnerRole
            FROM backend_auth.api_keys k JOIN backend_auth.users u ON u.id = k.created_by
            WHERE k.key_hash = @keyHash
            """,
            new { keyHash },
            cancellationToken: ct));
    }

    /// <summary>Stamps last_used_at unless it was stamped less than a minute ago (no write per request).</summary>
    public async Task TouchAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_auth.api_keys SET last_used_at = @now
            WHERE id = @id AND (last_used_at IS NULL OR last_used_at <= @now - interval '1 minute')
            """,
            new { id, now },
            cancellationToken: ct));
    }
}
