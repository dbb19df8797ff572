using Npgsql;

namespace Backend.Data.Postgres;

public static class DataSourceFactory
{
    /// <param name="connection">Where the database is (parsed from DATABASE_URL).</param>
    /// <param name="options">Pool sizes and timeouts.</param>
    /// <param name="name">Names the pool in Npgsql's metrics.</param>
    public static NpgsqlDataSource Create(NpgsqlConnectionStringBuilder connection, DataSourceOptions options, string name)
    {
        var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            MinPoolSize = Math.Min(options.PoolMin, options.MaxPoolSize),
            Timeout = Seconds(options.PoolTimeout),
            CommandTimeout = Seconds(options.CommandTimeout),
            CancellationTimeout = 2000,
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            ApplicationName = string.IsNullOrEmpty(connection.ApplicationName) ? "backend" : connection.ApplicationName,
        };
        return new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = name }.Build();
    }

    private static int Seconds(TimeSpan value) => Math.Max(1, (int)Math.Ceiling(value.TotalSeconds));
}
