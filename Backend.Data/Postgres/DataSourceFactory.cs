using Npgsql;

namespace Backend.Data.Postgres;

public static class DataSourceFactory
{
    /// <summary>Longest a read waits to connect to (or for a free connection of) the replica before it uses the primary.</summary>
    public static readonly TimeSpan ReplicaConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Seconds an idle replica connection waits before a keepalive round trip.</summary>
    public const int ReplicaKeepAliveSeconds = 5;

    /// <param name="connection">Where the database is (parsed from DATABASE_URL).</param>
    /// <param name="options">Pool sizes and timeouts.</param>
    /// <param name="name">Names the pool in Npgsql's metrics.</param>
    public static NpgsqlDataSource Create(NpgsqlConnectionStringBuilder connection, DataSourceOptions options, string name) =>
        new NpgsqlDataSourceBuilder(Settings(connection, options).ConnectionString) { Name = name }.Build();

    /// <summary>
    /// The read replica's pool (DATABASE_READ_URL): the primary's pool figures, but a read waits at most
    /// <see cref="ReplicaConnectTimeout"/> for a connection (it then goes to the primary instead of queueing), and idle
    /// connections send a keepalive every <see cref="ReplicaKeepAliveSeconds"/> s so the pool notices a standby that stopped.
    /// </summary>
    /// <param name="connection">Where the standby is (parsed from DATABASE_READ_URL).</param>
    /// <param name="options">Pool sizes and timeouts of the primary.</param>
    /// <param name="name">Names the pool in Npgsql's metrics; differs from the primary's.</param>
    public static NpgsqlDataSource CreateReadReplica(NpgsqlConnectionStringBuilder connection, DataSourceOptions options, string name)
    {
        var settings = Settings(connection, options);
        settings.Timeout = Math.Min(settings.Timeout, Seconds(ReplicaConnectTimeout));
        settings.KeepAlive = ReplicaKeepAliveSeconds;
        return new NpgsqlDataSourceBuilder(settings.ConnectionString) { Name = name }.Build();
    }

    // No Reset On Close: nothing in the service leaves session state on a pooled connection (settings are SET LOCAL or
    // set_config(…, true), the migrations' session advisory lock is released explicitly, and LISTEN and the waiting feeds'
    // lock (sql/0027) are held on the live feed's own unpooled connection), so the reset Npgsql would otherwise send with
    // every checkout (RESET ALL; CLOSE ALL; UNLISTEN *; pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP) is
    // skipped. An open transaction is still rolled back when a connection returns to the pool.
    private static NpgsqlConnectionStringBuilder Settings(NpgsqlConnectionStringBuilder connection, DataSourceOptions options) =>
        new(connection.ConnectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            MinPoolSize = Math.Min(options.PoolMin, options.MaxPoolSize),
            Timeout = Seconds(options.PoolTimeout),
            CommandTimeout = Seconds(options.CommandTimeout),
            CancellationTimeout = 2000,
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
            ApplicationName = string.IsNullOrEmpty(connection.ApplicationName) ? "backend" : connection.ApplicationName,
        };

    private static int Seconds(TimeSpan value) => Math.Max(1, (int)Math.Ceiling(value.TotalSeconds));
}
