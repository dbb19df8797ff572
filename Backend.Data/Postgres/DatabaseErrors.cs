using System.Net.Sockets;
using Npgsql;

namespace Backend.Data.Postgres;

/// <summary>Tells a database outage (the caller should retry later: 503) from a bug.</summary>
public static class DatabaseErrors
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => IsUnavailableSqlState(pg.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        TimeoutException => true,
        SocketException => true,
        _ when exception.InnerException is not null => IsUnavailable(exception.InnerException),
        _ => false,
    };

    // Class 08 (connection), 53 (insufficient resources), 57P0x (shutdown / cannot connect now), 57014 (statement timeout / cancel).
    private static bool IsUnavailableSqlState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is "57P01" or "57P02" or "57P03" or "57014" or "40001" or "40P01";
}
