using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Features.Entities;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Faults;

/// <summary>
/// DB_BATCH_CONCURRENCY: entity and relationship batches share a gate in front of the database; a batch beyond it waits
/// in the service (not in PostgreSQL) and gets a 503 when no slot frees up within DB_POOL_TIMEOUT.
/// </summary>
public sealed class BatchAdmissionTests
{
    // Sessions of this database queued on a heavyweight lock: here, the audit table this test locks. (A statement
    // blocked while it is parsed still shows its session's previous state and query, so only the wait is matched.)
    private const string BlockedBatches = """
        SELECT count(*) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
        """;

    [Fact]
    public async Task A_batch_beyond_the_limit_waits_outside_the_database_then_gets_503_and_the_next_one_goes_through()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["DB_BATCH_CONCURRENCY"] = "1",
            ["DB_POOL_TIMEOUT"] = "2s",
        });
        var graph = await GraphClient.SignInAsync(host);
        var a = await graph.CreateEntityAsync();
        var b = await graph.CreateEntityAsync();
        var type = EntityApi.UniqueType();

        Task<HttpResponseMessage> admitted;
        await using (var blocker = await host.DataSource.OpenConnectionAsync())
        {
            // Every batch writes audit rows: with the table locked, the admitted batch waits inside PostgreSQL.
            await using var locking = await blocker.BeginTransactionAsync();
            await blocker.ExecuteAsync("LOCK TABLE backend_audit.audit_events IN SHARE MODE", transaction: locking);
            admitted = graph.Http.PostAsync(EntityApi.Batch, EntityApi.Json(new { entities = new[] { new { name = "Admitted", type } } }));
            await WaitForAsync(async () => await blocker.ExecuteScalarAsync<long>(BlockedBatches, transaction: locking) == 1);

            // A relationship batch shares the gate: it never reaches the database and fails after DB_POOL_TIMEOUT.
            using var refused = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/relationships/batch", UriKind.Relative), new
            {
                relationships = new[] { new { source_entity_id = a, target_entity_id = b, relationship_type = "owns" } },
            });
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            problem.GetProperty("type").GetString()!.ShouldEndWith("database-unavailable");
            refused.Headers.RetryAfter.ShouldNotBeNull();
            (await blocker.ExecuteScalarAsync<long>(BlockedBatches, transaction: locking)).ShouldBe(1);
            admitted.IsCompleted.ShouldBeFalse();
            await locking.CommitAsync();
        }

        using (var response = await admitted)
        {
            (await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).GetArrayLength().ShouldBe(1);
        }

        (await graph.GetDataAsync($"/api/v1/relationships?source_entity_id={a}")).GetArrayLength().ShouldBe(0);
        using var next = await graph.Http.PostAsJsonAsync(new Uri("/api/v1/relationships/batch", UriKind.Relative), new
        {
            relationships = new[] { new { source_entity_id = a, target_entity_id = b, relationship_type = "owns" } },
        });
        (await next.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).GetProperty("created").GetArrayLength().ShouldBe(1);
        (await EntityApi.CountByTypeAsync(host, type)).ShouldBe(1);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the admitted batch never reached the database");
            await Task.Delay(50);
        }
    }
}
