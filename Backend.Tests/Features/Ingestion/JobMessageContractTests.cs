using System.Text;
using Backend.Tests.Infrastructure;
using Dapper;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Backend.Tests.Features.Ingestion;

/// <summary>The job message as the AI module receives it: queue, properties and body, byte for byte.</summary>
public sealed class JobMessageContractTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task Submit_publishes_the_contract_job_message_on_ai_jobs_normal_byte_for_byte()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        client.DefaultRequestHeaders.Add("X-Request-ID", "trace-contract-1");
        await using var ai = await AiModuleStandIn.ConnectAsync(fixture.BrokerUrl);
        const string content = "Ada Lovelace met \"Charles Babbage\" in London — café\nsecond line";

        var (documentId, jobId, data) = await IngestionApi.SubmitAsync(client, new { content, document_type = "article", title = "Notes" });
        var message = await ai.NextAsync("ai.jobs.normal");

        var createdAt = data.GetProperty("job").GetProperty("created_at").GetString();
        var expected = "{\"job_id\":\"" + jobId + "\",\"document_id\":\"" + documentId + "\"," +
            "\"content\":\"Ada Lovelace met \\\"Charles Babbage\\\" in London — café\\nsecond line\"," +
            "\"config\":{\"entity_types\":[\"person\",\"organization\",\"location\",\"event\",\"concept\"],\"confidence_threshold\":0.5,\"language\":\"en\"}," +
            "\"priority\":\"normal\",\"created_at\":\"" + createdAt + "\",\"retry_count\":0}";
        message.Body.ToArray().ShouldBe(Encoding.UTF8.GetBytes(expected));
        message.RoutingKey.ShouldBe("ai.jobs.normal");
        message.Exchange.ShouldBe(string.Empty);
        message.BasicProperties.ContentType.ShouldBe("application/json");
        message.BasicProperties.DeliveryMode.ShouldBe(DeliveryModes.Persistent);
        message.BasicProperties.CorrelationId.ShouldBe("trace-contract-1");
        Encoding.UTF8.GetString((byte[])message.BasicProperties.Headers!["x-correlation-id"]!).ShouldBe("trace-contract-1");
        Encoding.UTF8.GetString((byte[])message.BasicProperties.Headers!["job_id"]!).ShouldBe(jobId.ToString());

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var messageId = await connection.ExecuteScalarAsync<Guid>("SELECT message_id FROM backend_ingest.outbox WHERE job_id = @jobId", new { jobId });
        message.BasicProperties.MessageId.ShouldBe(messageId.ToString());
        var job = await IngestionApi.WaitForJobAsync(client, jobId, "dispatched");
        job.GetProperty("attempts").GetInt32().ShouldBe(1);
        job.GetProperty("correlation_id").GetString().ShouldBe("trace-contract-1");
    }

    [Fact]
    public async Task Priority_and_config_choose_the_queue_and_the_config_sent()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        await using var ai = await AiModuleStandIn.ConnectAsync(fixture.BrokerUrl);

        var (_, jobId, _) = await IngestionApi.SubmitAsync(client, new
        {
            content = "x",
            priority = "high",
            config = new { entity_types = new[] { "person" }, confidence_threshold = 0.8, language = "de" },
        });
        var message = await ai.NextAsync("ai.jobs.high");

        var body = Encoding.UTF8.GetString(message.Body.Span);
        body.ShouldContain("\"job_id\":\"" + jobId + "\"");
        body.ShouldContain("\"config\":{\"entity_types\":[\"person\"],\"confidence_threshold\":0.8,\"language\":\"de\"},\"priority\":\"high\"");
    }

    [Fact]
    public async Task The_ai_queues_carry_exactly_the_ai_modules_arguments()
    {
        await using var ai = await AiModuleStandIn.ConnectAsync(fixture.BrokerUrl);
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var (_, jobId, _) = await IngestionApi.SubmitAsync(client, new { content = "declared" });
        await IngestionApi.WaitForJobAsync(client, jobId, "dispatched");

        // The broker refuses a redeclaration whose arguments differ (PRECONDITION_FAILED): the stand-in's identical
        // declaration succeeded, a different one fails.
        await using var connection = await new ConnectionFactory { Uri = fixture.BrokerUrl }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var refused = await Should.ThrowAsync<OperationInterruptedException>(() => channel.QueueDeclareAsync("ai.jobs.normal", durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-message-ttl"] = 60_000, ["x-max-length"] = 10_000 }));
        refused.ShutdownReason!.ReplyCode.ShouldBe((ushort)406);
    }
}
