using Backend.Api.Features.Ingestion.Messaging;
using Backend.Tests.Features.Ingestion;
using Backend.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Tests.Faults;

/// <summary>A service instance dies after committing a result and before acking it: the result is redelivered and applied once.</summary>
public sealed class ConsumerCrashTests
{
    [Fact]
    public async Task A_result_redelivered_after_a_crash_between_commit_and_ack_is_applied_once()
    {
        var broker = await TestRabbitMq.CreateVirtualHostAsync();
        var database = await TestPostgres.CreateDatabaseAsync();
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashing = await TestHost.StartAsync(IngestionFixture.Environment(broker), database, configureServices: services =>
            services.AddSingleton(new ConsumerHooks
            {
                // Simulates the process dying right here: the transaction is committed, the ack never sent.
                AfterCommitBeforeAck = async (_, ct) =>
                {
                    committed.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                },
            }));
        var tag = Guid.NewGuid().ToString("N")[..8];
        Guid jobId;
        Guid documentId;
        await using (var ai = await AiModuleStandIn.ConnectAsync(broker))
        {
            var (_, token) = await AuthHelper.RegisterAndLoginAsync(crashing);
            using var client = crashing.CreateClient(token);
            (documentId, jobId, _) = await IngestionApi.SubmitAsync(client, new { content = "crash" });
            await ai.NextAsync("ai.jobs.normal");
            await ai.PublishAsync("ai.results", IngestionApi.Result(jobId,
                $$"""[{"id":"1","text":"Crash {{tag}}","type":"event","confidence":0.7},{"id":"2","text":"Ack {{tag}}","type":"event","confidence":0.7}]""",
                """[{"source":"1","target":"2","type":"precedes"}]""", 2, 1), "crash-result-1");
            await committed.Task.WaitAsync(AiModuleStandIn.Patience);
        }

        await crashing.DisposeAsync();
        await using var survivor = await TestHost.StartAsync(IngestionFixture.Environment(broker), database);

        await survivor.Logs.WaitForAsync(e => e.TryGetProperty("job_id", out var id) && id.GetString() == jobId.ToString()
            && e.GetProperty("message").GetString()!.Contains("already applied", StringComparison.Ordinal)
            && e.GetProperty("message").GetString()!.Contains("redelivered True", StringComparison.Ordinal), AiModuleStandIn.Patience);
        await using var connection = await survivor.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<string>("SELECT status FROM backend_ingest.jobs WHERE id = @jobId", new { jobId })).ShouldBe("completed");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_entities.entities WHERE name LIKE @p", new { p = "%" + tag })).ShouldBe(2);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_ingest.entity_mentions WHERE document_id = @documentId", new { documentId })).ShouldBe(2);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_ingest.relationship_mentions WHERE document_id = @documentId", new { documentId })).ShouldBe(1);
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM backend_audit.audit_events WHERE action = 'extraction.apply' AND target_id = @jobId", new { jobId })).ShouldBe(1);
    }
}
