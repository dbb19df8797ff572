namespace Backend.Data.Postgres;

/// <summary>Pool and timeout figures for the one <see cref="Npgsql.NpgsqlDataSource"/> of the process.</summary>
/// <param name="PoolSize">Steady pool (DB_POOL_SIZE).</param>
/// <param name="MaxOverflow">Extra connections allowed under bursts (DB_MAX_OVERFLOW); the maximum is size + overflow.</param>
/// <param name="PoolMin">Connections kept open when idle (DB_POOL_MIN).</param>
/// <param name="CommandTimeout">Longest a single statement may run (DB_COMMAND_TIMEOUT).</param>
/// <param name="PoolTimeout">Longest a caller waits for a connection, pool wait included (DB_POOL_TIMEOUT).</param>
/// <param name="BatchConcurrency">Batch writes admitted to the database at once (DB_BATCH_CONCURRENCY, <see cref="Writes.BatchWriteGate"/>).</param>
public sealed record DataSourceOptions(
    int PoolSize, int MaxOverflow, int PoolMin, TimeSpan CommandTimeout, TimeSpan PoolTimeout, int BatchConcurrency = Writes.BatchWriteGate.DefaultConcurrency)
{
    public int MaxPoolSize => PoolSize + MaxOverflow;
}
