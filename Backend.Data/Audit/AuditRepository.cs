using Npgsql;

namespace Backend.Data.Audit;

/// <summary>The append-only audit trail.</summary>
public sealed class AuditRepository(NpgsqlDataSource dataSource)
{
    public async Task WriteAsync(AuditEvent e, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await AuditLog.InsertAsync(connection, null, e, ct);
    }
}
