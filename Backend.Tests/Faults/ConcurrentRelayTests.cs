using System.Text.Json;
using Backend.Tests.Features.Ingestion;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Faults;

/// <summary>Two service instances relay the same outbox at once: each message is published once.</summary>
public sealed class ConcurrentRelayTests
{
    [Fact]
    public async Task Two_instances_relaying_one_outbox_publish_each_message_once()
    {
        var broker = await TestRabbitMq.CreateVirtualHostAsync();
        var database = await TestPostgres.CreateDatabaseAsync();
        var environment = IngestionFixture.Environment(broker);
        environment["OUTBOX_BATCH_SIZE"] = "5";
        await using var first = await TestHost.StartAsync(environment, database);
        await using var second = await TestHost.StartAsync(environment, database);
        var (_, firstToken) = await AuthHelper.RegisterAndLoginAsync(first);
        var (_, secondToken) = await AuthHelper.RegisterAndLoginAsync(second);
        using var firstClient = first.CreateClient(firstToken);
        using var secondClient = second.CreateClient(secondToken);

        var submissions = Enumerable.Range(0, 60)
            .Select(i => IngestionApi.SubmitAsync(i % 2 == 0 ? firstClient : secondClient, new { content = $"document {i}" }))
            .ToList();
        var jobs = (await Task.WhenAll(submissions)).Select(s => s.JobId).ToList();

        await using var ai = await AiModuleStandIn.ConnectAsync(broker);
        var received = new List<(string MessageId, Guid JobId)>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var message = await ai.NextAsync("ai.jobs.normal");
            received.Add((message.BasicProperties.MessageId!, JsonDocument.Parse(message.Body).RootElement.GetProperty("job_id").GetGuid()));
        }

        await using (var connection = await first.DataSource.OpenConnectionAsync())
        {
            var deadline = DateTime.UtcNow + AiModuleStandIn.Patience;
            while (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_ingest.jobs WHERE status <> 'dispatched'") > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            (await connection.QueryAsync<(string Status, int Attempts)>("SELECT status, attempts FROM backend_ingest.jobs"))
                .ShouldAllBe(j => j.Status == "dispatched" && j.Attempts == 1);
            (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_ingest.outbox WHERE sent_at IS NOT NULL AND attempts = 1")).ShouldBe(jobs.Count);
        }

        (await ai.CountAsync("ai.jobs.normal")).ShouldBe(0u);
        received.Select(r => r.MessageId).Distinct().Count().ShouldBe(jobs.Count);
        received.Select(r => r.JobId).Order().ShouldBe(jobs.Order());
        first.Logs.Lines.Concat(second.Logs.Lines).Count(l => l.Contains("Outbox relay connected", StringComparison.Ordinal)).ShouldBe(2);
    }
}
