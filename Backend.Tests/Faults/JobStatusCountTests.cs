using Backend.Tests.Features.Ingestion;
using Backend.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Backend.Tests.Faults;

/// <summary>
/// Jobs of one counter shard changing status in opposite directions at once (dispatched → failed beside failed →
/// dispatched) never deadlock on the sharded job_status_counts rows (sql/0026), and the counts stay exact.
/// </summary>
public sealed class JobStatusCountTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Toggle = """
        UPDATE backend_ingest.jobs
        SET status = CASE WHEN status = 'dispatched' THEN 'failed' ELSE 'dispatched' END,
            dispatched_at = coalesce(dispatched_at, now()), failed_at = coalesce(failed_at, now()), last_error = coalesce(last_error, 'toggled')
        WHERE id = @id
        """;

    [Fact]
    public async Task Opposite_status_changes_in_one_shard_at_once_neither_deadlock_nor_miscount()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(fixture.Host);
        using var client = fixture.Host.CreateClient(token);
        var jobs = new List<Guid>();
        for (var i = 0; i < 48; i++)
        {
            jobs.Add((await IngestionApi.SubmitAsync(client, new { content = $"shard document {i} {Guid.NewGuid():N}" })).JobId);
        }

        await using var setup = await fixture.Host.DataSource.OpenConnectionAsync();
        // The shard with the most of these jobs (the trigger's own shard function); half start dispatched, half failed.
        var inShard = (await setup.QueryAsync<Guid>(
            """
            SELECT id FROM backend_ingest.jobs WHERE id = ANY(@jobs) AND abs(hashtext(id::text)) % 16 = (
                SELECT abs(hashtext(id::text)) % 16 FROM backend_ingest.jobs WHERE id = ANY(@jobs) GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)
            """,
            new { jobs = jobs.ToArray() })).ToList();
        inShard.Count.ShouldBeGreaterThanOrEqualTo(4);
        for (var i = 0; i < inShard.Count; i++)
        {
            await setup.ExecuteAsync(
                "UPDATE backend_ingest.jobs SET status = @status, dispatched_at = now(), failed_at = now(), last_error = 'set up' WHERE id = @id",
                new { id = inShard[i], status = i % 2 == 0 ? "dispatched" : "failed" });
        }

        var deadlocks = 0;
        await Parallel.ForEachAsync(inShard, new ParallelOptions { MaxDegreeOfParallelism = inShard.Count }, async (id, ct) =>
        {
            await using var connection = await fixture.Host.DataSource.OpenConnectionAsync(ct);
            for (var round = 0; round < 150; round++)
            {
                try
                {
                    await connection.ExecuteAsync(new CommandDefinition(Toggle, new { id }, cancellationToken: ct));
                }
                catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DeadlockDetected)
                {
                    Interlocked.Increment(ref deadlocks);
                }
            }
        });

        deadlocks.ShouldBe(0);
        (await setup.QueryAsync<(string Status, long Counted, long Actual)>(
            """
            SELECT s.status, coalesce((SELECT sum(c.jobs) FROM backend_ingest.job_status_counts c WHERE c.status = s.status), 0)::bigint,
                   (SELECT count(*) FROM backend_ingest.jobs j WHERE j.status = s.status)
            FROM unnest(ARRAY['queued', 'dispatched', 'completed', 'failed', 'dead']) s(status)
            """)).ShouldAllBe(r => r.Counted == r.Actual);
    }
}
