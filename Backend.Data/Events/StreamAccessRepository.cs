using Dapper;
using Npgsql;

namespace Backend.Data.Events;

/// <summary>Single-use WebSocket tickets (hash only) and the API-key check streams repeat while connected.</summary>
public sealed class StreamAccessRepository(NpgsqlDataSource dataSource)
{
    public async Task CreateTicketAsync(byte[] ticketHash, StreamTicket ticket, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM backend_events.stream_tickets WHERE expires_at < @Now;
            INSERT INTO backend_events.stream_tickets (ticket_hash, user_id, role, token_issued_at, api_key_id, expires_at)
            VALUES (@TicketHash, @UserId, @Role, @TokenIssuedAt, @ApiKeyId, @ExpiresAt);
            """,
            new { TicketHash = ticketHash, ticket.UserId, ticket.Role, ticket.TokenIssuedAt, ticket.ApiKeyId, ExpiresAt = expiresAt, Now = now },
            cancellationToken: ct));
    }

    /// <summary>Uses a ticket: deletes it and returns its identity, or null when unknown, used or expired.</summary>
    public async Task<StreamTicket?> ConsumeTicketAsync(byte[] ticketHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StreamTicket>(new CommandDefinition(
            """
            DELETE FROM backend_events.stream_tickets WHERE ticket_hash = @TicketHash AND expires_at > @Now
            RETURNING user_id AS UserId, role AS Role, token_issued_at AS TokenIssuedAt, api_key_id AS ApiKeyId
            """,
            new { TicketHash = ticketHash, Now = now },
            cancellationToken: ct));
    }

    /// <summary>True while the API key is unrevoked, unexpired, of <paramref name="role"/>, and its owner active.</summary>
    public async Task<bool> IsApiKeyCurrentAsync(Guid apiKeyId, string role, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (
                SELECT 1 FROM backend_auth.api_keys k JOIN backend_auth.users u ON u.id = k.created_by
                WHERE k.id = @ApiKeyId AND k.role = @Role AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > @Now)
                  AND u.is_active AND u.deleted_at IS NULL)
            """,
            new { ApiKeyId = apiKeyId, Role = role, Now = now },
            cancellationToken: ct));
    }
}
