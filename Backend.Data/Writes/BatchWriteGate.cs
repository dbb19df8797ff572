namespace Backend.Data.Writes;

/// <summary>
/// Admits at most <see cref="Concurrency"/> batch writes (the entity and relationship batch endpoints, up to 1,000 rows
/// each) to the database at once in this process (DB_BATCH_CONCURRENCY); the others wait here, in arrival order,
/// instead of inside PostgreSQL. Many large write transactions at once make PostgreSQL spend more CPU per row (they
/// contend for the same right-hand index pages, WAL insertion and the event log's commit-order lock): 32 concurrent
/// 1,000-entity batches cost it ~40 % more CPU per entity than 4 on the 2-core bench machine (bench/explain/writes.md).
/// Single-row writes are short and do not pass through here.
/// </summary>
public sealed class BatchWriteGate : IDisposable
{
    /// <summary>DB_BATCH_CONCURRENCY's default.</summary>
    public const int DefaultConcurrency = 4;

    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _timeout;

    /// <param name="concurrency">Batch writes admitted at once (≥ 1).</param>
    /// <param name="timeout">Longest a batch waits for admission (DB_POOL_TIMEOUT, as for a pooled connection).</param>
    public BatchWriteGate(int concurrency, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        Concurrency = concurrency;
        _timeout = timeout;
        _slots = new SemaphoreSlim(concurrency, concurrency);
    }

    /// <summary>Batch writes admitted at once.</summary>
    public int Concurrency { get; }

    /// <summary>
    /// Waits for a slot and returns it; dispose the result to give it back. Throws <see cref="TimeoutException"/> (the
    /// API answers 503 database-unavailable, as for an exhausted pool) when none frees up within the timeout.
    /// </summary>
    public async ValueTask<Slot> EnterAsync(CancellationToken ct)
    {
        if (!await _slots.WaitAsync(_timeout, ct))
        {
            throw new TimeoutException(
                $"No batch write slot freed up within {_timeout.TotalSeconds:0.#} s ({Concurrency} batch writes run at once; DB_BATCH_CONCURRENCY).");
        }

        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>An admitted batch write; disposing it lets the next one in.</summary>
    public readonly struct Slot(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }
}
