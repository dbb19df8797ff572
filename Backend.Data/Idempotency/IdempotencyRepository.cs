using Dapper;
using Npgsql;

namespace Backend.Data.Idempotency;

/// <summary>Idempotency-Key bookkeeping shared by every replica (backend_idempotency.idempotency_keys).</summary>
public sealed class IdempotencyRepository(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Claims the key for this request. Returns null when the claim succeeded (the caller runs the request),
    /// otherwise the record of the earlier request with that key. Expired records are replaced.
    /// </summary>
    public async Task<IdempotencyRecord?> TryClaimAsync(
        Guid userId, string key, string method, string path, string requestHash, DateTimeOffset now, TimeSpan lifetime, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backend_idempotency.idempotency_keys (user_id, idempotency_key, request_method, request_path, request_hash, created_at, expires_at)
            VALUES (@userId, @key, @method, @path, @requestHash, @now, @expiresAt)
            ON CONFLICT (user_id, idempotency_key) DO UPDATE
                SET request_method = EXCLUDED.request_method, request_path = EXCLUDED.request_path, request_hash = EXCLUDED.request_hash,
                    state = 'in_progress', response_status = NULL, response_body = NULL, response_location = NULL,
                    created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
                WHERE backend_idempotency.idempotency_keys.expires_at <= @now
            """,
            new { userId, key, method, path, requestHash, now, expiresAt = now + lifetime },
            cancellationToken: ct));
        if (claimed == 1)
        {
            return null;
        }

        return await connection.QuerySingleAsync<IdempotencyRecord>(new CommandDefinition(
            """
            SELECT request_hash AS RequestHash, state AS State, response_status AS ResponseStatus, response_body AS ResponseBody,
                   response_location AS ResponseLocation, expires_at AS ExpiresAt
            FROM backend_idempotency.idempotency_keys WHERE user_id = @userId AND idempotency_key = @key
            """,
            new { userId, key },
            cancellationToken: ct));
    }

    /// <summary>Stores the response so retries replay it.</summary>
    public async Task CompleteAsync(Guid userId, string key, int status, string body, string? location, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE backend_idempotency.idempotency_keys
            SET state = 'completed', response_status = @status, response_body = @body, response_location = @location
            WHERE user_id = @userId AND idempotency_key = @key
            """,
            new { userId, key, status, body, location },
            cancellationToken: ct));
    }

    /// <summary>Forgets a claim whose request failed, so the client's retry runs afresh.</summary>
    public async Task ReleaseAsync(Guid userId, string key, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM backend_idempotency.idempotency_keys WHERE user_id = @userId AND idempotency_key = @key AND state = 'in_progress'",
            new { userId, key },
            cancellationToken: ct));
    }

    public async Task<int> PruneExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM backend_idempotency.idempotency_keys WHERE expires_at <= @now", new { now }, cancellationToken: ct));
    }
}
