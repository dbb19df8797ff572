using System.Net;
using System.Text.Json;
using Backend.Tests.Features.Ingestion;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Faults;

/// <summary>The broker goes away while documents are submitted: every submission is accepted and every job message is delivered once after it returns.</summary>
public sealed class BrokerOutageTests : IAsyncLifetime
{
    private RabbitMqNode _node = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _node = await TestRabbitMq.StartPrivateNodeAsync();
        _host = await TestHost.StartAsync(IngestionFixture.Environment(_node.Url()));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task Submissions_during_an_outage_are_accepted_and_delivered_once_after_the_broker_returns()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(_host);
        using var client = _host.CreateClient(token);
        var before = await IngestionApi.SubmitAsync(client, new { content = "before the outage" });
        await IngestionApi.WaitForJobAsync(client, before.JobId, "dispatched");

        await _node.StopServerAsync();
        var jobs = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            jobs.Add((await IngestionApi.SubmitAsync(client, new { content = $"during the outage {i}", priority = i % 3 == 0 ? "high" : "normal" })).JobId);
        }

        var degraded = await WaitForBrokerStatusAsync("unavailable");
        degraded.GetProperty("status").GetString().ShouldBe("degraded");
        foreach (var jobId in jobs)
        {
            (await IngestionApi.GetJobAsync(client, jobId)).GetProperty("status").GetString().ShouldBe("queued");
        }

        await _node.StartServerAsync();
        await using var ai = await AiModuleStandIn.ConnectAsync(_node.Url());
        var received = new List<(string MessageId, Guid JobId)>();
        foreach (var queue in new[] { "ai.jobs.normal", "ai.jobs.high" })
        {
            var expected = queue == "ai.jobs.high" ? jobs.Where((_, i) => i % 3 == 0).Count() : jobs.Count - jobs.Where((_, i) => i % 3 == 0).Count() + 1;
            for (var i = 0; i < expected; i++)
            {
                var message = await ai.NextAsync(queue);
                received.Add((message.BasicProperties.MessageId!, JsonDocument.Parse(message.Body).RootElement.GetProperty("job_id").GetGuid()));
            }
        }

        foreach (var jobId in jobs)
        {
            await IngestionApi.WaitForJobAsync(client, jobId, "dispatched");
        }

        // Nothing more is waiting: each message arrived exactly once (the one sent before the outage included).
        (await ai.CountAsync("ai.jobs.normal")).ShouldBe(0u);
        (await ai.CountAsync("ai.jobs.high")).ShouldBe(0u);
        received.Select(r => r.MessageId).Distinct().Count().ShouldBe(received.Count);
        received.Select(r => r.JobId).Order().ShouldBe(jobs.Append(before.JobId).Order());
        await using var connection = await _host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_ingest.outbox WHERE sent_at IS NULL")).ShouldBe(0);
        (await WaitForBrokerStatusAsync("ok")).GetProperty("status").GetString().ShouldBe("ready");
    }

    private async Task<JsonElement> WaitForBrokerStatusAsync(string status)
    {
        var deadline = DateTime.UtcNow + AiModuleStandIn.Patience;
        while (true)
        {
            using var response = await _host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (body.GetProperty("broker").GetProperty("status").GetString() == status)
            {
                return body;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Readiness never reported the broker {status}: {body}");
            }

            await Task.Delay(100);
        }
    }
}
