using System.Net;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Entities;

/// <summary>
/// A create (one or a batch) writes its entity rows, their audit rows and their domain events in one transaction, and a
/// failure of any part leaves none of them.
/// </summary>
public sealed class WriteAtomicityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_batch_of_1000_writes_1000_audit_rows_and_1000_events_in_the_transaction_of_its_entities()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var requestId = "batch-" + Guid.NewGuid().ToString("N");

        using var response = await client.SendAsync(BatchRequest(type, 1000, requestId));

        var ids = (await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToArray();
        ids.Distinct().Count().ShouldBe(1000);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var audit = (await connection.QueryAsync<(Guid TargetId, string Action, Guid? ActorId, string Details)>(
            "SELECT target_id, action, actor_id, details::text FROM backend_audit.audit_events WHERE request_id = @requestId",
            new { requestId })).ToList();
        audit.Select(a => a.TargetId).ShouldBe(ids, ignoreOrder: true);
        audit.ShouldAllBe(a => a.Action == "entity.create" && a.ActorId == userId);
        audit.ShouldAllBe(a => JsonDocument.Parse(a.Details, default).RootElement.GetProperty("batch").GetBoolean());

        var events = (await connection.QueryAsync<(string Type, Guid[] Subjects, string Data)>(
            "SELECT event_type, subject_ids, data::text FROM backend_events.events WHERE correlation_id = @requestId ORDER BY position",
            new { requestId })).ToList();
        events.Count.ShouldBe(1001);
        events.Take(1000).ShouldAllBe(e => e.Type == "entity.created");
        events.Take(1000).Select(e => e.Subjects.Single()).ShouldBe(ids, ignoreOrder: true);
        events[^1].Type.ShouldBe("graph.batch_applied");
        events[^1].Data.ShouldContain("\"entities_created\": 1000");

        // xmin is the transaction that wrote a row: one for the entities, their audit rows and their events.
        var transactions = await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(DISTINCT x) FROM (
                SELECT xmin::text AS x FROM backend_entities.entities WHERE id = ANY(@ids)
                UNION ALL SELECT xmin::text FROM backend_audit.audit_events WHERE request_id = @requestId
                UNION ALL SELECT xmin::text FROM backend_events.events WHERE correlation_id = @requestId) t
            """,
            new { ids, requestId });
        transactions.ShouldBe(1);
    }

    [Fact]
    public async Task A_create_writes_its_audit_row_and_event_in_the_transaction_of_its_entity()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var requestId = "create-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, EntityApi.Collection) { Content = EntityApi.Json(new { name = EntityApi.UniqueName(), type = EntityApi.UniqueType() }) };
        request.Headers.Add("X-Request-ID", requestId);

        using var response = await client.SendAsync(request);

        var id = (await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Kind, string Xmin)>(
            """
            SELECT 'entity', xmin::text FROM backend_entities.entities WHERE id = @id
            UNION ALL SELECT 'audit:' || action, xmin::text FROM backend_audit.audit_events WHERE request_id = @requestId AND target_id = @id
            UNION ALL SELECT 'event:' || event_type, xmin::text FROM backend_events.events WHERE correlation_id = @requestId AND @id = ANY(subject_ids)
            """,
            new { id, requestId })).ToList();
        rows.Select(r => r.Kind).ShouldBe(["entity", "audit:entity.create", "event:entity.created"], ignoreOrder: true);
        rows.Select(r => r.Xmin).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task A_batch_whose_audit_rows_cannot_be_written_leaves_no_entities_and_no_events()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var requestId = "fail-" + Guid.NewGuid().ToString("N");

        await using (await FailAuditRowsAsync(requestId))
        {
            using var response = await client.SendAsync(BatchRequest(type, 50, requestId));
            await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        }

        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(0);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_events.events WHERE correlation_id = @requestId", new { requestId })).ShouldBe(0);
    }

    [Fact]
    public async Task A_create_whose_audit_row_cannot_be_written_leaves_no_entity_and_no_event()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var requestId = "fail-" + Guid.NewGuid().ToString("N");

        await using (await FailAuditRowsAsync(requestId))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, EntityApi.Collection) { Content = EntityApi.Json(new { name = EntityApi.UniqueName(), type }) };
            request.Headers.Add("X-Request-ID", requestId);
            using var response = await client.SendAsync(request);
            await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        }

        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(0);
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_events.events WHERE correlation_id = @requestId", new { requestId })).ShouldBe(0);
    }

    private static HttpRequestMessage BatchRequest(string type, int count, string requestId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, EntityApi.Batch)
        {
            Content = EntityApi.Json(new { entities = Enumerable.Range(0, count).Select(i => new { name = $"Atomic {i}", type, metadata = new { i } }) }),
        };
        request.Headers.Add("X-Request-ID", requestId);
        return request;
    }

    /// <summary>Until disposed, inserting an audit row of <paramref name="requestId"/> raises (only this test's request is affected).</summary>
    private async Task<IAsyncDisposable> FailAuditRowsAsync(string requestId)
    {
        var name = "test_fail_audit_" + Guid.NewGuid().ToString("N");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            $"""
            CREATE FUNCTION public.{name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused by the test'; END; $$;
            CREATE TRIGGER {name} BEFORE INSERT ON backend_audit.audit_events FOR EACH ROW WHEN (NEW.request_id = '{requestId}') EXECUTE FUNCTION public.{name}();
            """);
        return new Cleanup(Host, name);
    }

    private sealed class Cleanup(TestHost host, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var connection = await host.DataSource.OpenConnectionAsync();
            await connection.ExecuteAsync($"DROP TRIGGER {name} ON backend_audit.audit_events; DROP FUNCTION public.{name}();");
        }
    }
}
