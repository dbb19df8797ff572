using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Events;

public sealed class EventRelayTests
{
    private static bool IsEntity(JsonElementLike body, Guid id) => body.Data.TryGetProperty("id", out var value) && value.GetGuid() == id;

    [Fact]
    public async Task Events_reach_kgl_events_with_the_platform_shape_routing_key_and_message_id()
    {
        var broker = await TestRabbitMq.CreateVirtualHostAsync();
        await using var consumer = await EventBroker.BindAsync(broker);
        var environment = EventsFixture.Environment();
        environment["RABBITMQ_URL"] = broker.ToString();
        await using var host = await TestHost.StartAsync(environment);
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);
        using var client = host.CreateClient(token);
        var requestId = "relay-" + Guid.NewGuid().ToString("N");

        var id = await EventsApi.CreateEntityAsync(client, requestId);

        var messages = await consumer.CollectAsync(m => m.Any(x => IsEntity(new JsonElementLike(x.Body), id)));
        var (message, body) = messages.Single(x => IsEntity(new JsonElementLike(x.Body), id));
        message.RoutingKey.ShouldBe("entity.created");
        message.Exchange.ShouldBe("kgl.events");
        message.BasicProperties.MessageId.ShouldBe(body.GetProperty("event_id").GetString());
        message.BasicProperties.CorrelationId.ShouldBe(requestId);
        message.BasicProperties.ContentType.ShouldBe("application/json");
        message.BasicProperties.DeliveryMode.ShouldBe(RabbitMQ.Client.DeliveryModes.Persistent);
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["event_id", "event_type", "timestamp", "source_module", "correlation_id", "data"]);
        body.GetProperty("event_type").GetString().ShouldBe("entity.created");
        body.GetProperty("correlation_id").GetString().ShouldBe(requestId);
        messages.Select(m => m.Message.RoutingKey).ShouldContain("user.registered");
        messages.Select(m => m.Message.RoutingKey).ShouldContain("user.authenticated");
    }

    [Fact]
    public async Task Events_written_while_the_broker_is_down_arrive_after_it_returns()
    {
        await using var node = await StartNodeAsync();
        var url = node.Url();
        var environment = EventsFixture.Environment();
        environment["RABBITMQ_URL"] = url.ToString();
        await using var host = await TestHost.StartAsync(environment);
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);
        using var client = host.CreateClient(token);
        await using (var before = await EventBroker.BindAsync(url))
        {
            var first = await EventsApi.CreateEntityAsync(client);
            await before.CollectAsync(m => m.Any(x => IsEntity(new JsonElementLike(x.Body), first)));
        }

        await node.StopServerAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await EventsApi.CreateEntityAsync(client));
        }

        await node.StartServerAsync();
        await using var consumer = await EventBroker.BindAsync(url);
        var messages = await consumer.CollectAsync(m => ids.All(id => m.Any(x => IsEntity(new JsonElementLike(x.Body), id))));

        var created = messages.Where(m => m.Message.RoutingKey == "entity.created").ToList();
        created.Select(m => m.Body.GetProperty("data").GetProperty("id").GetGuid()).Where(ids.Contains).Distinct().Count().ShouldBe(ids.Count);
        created.Select(m => m.Message.BasicProperties.MessageId).Distinct().Count().ShouldBe(created.Count);
        created.Select(m => (long)m.Message.BasicProperties.Headers!["x-event-position"]!).ShouldBeInOrder(SortDirection.Ascending);
    }

    /// <summary>A private node (it is stopped and started); a start that times out on a saturated machine is tried again.</summary>
    private static async Task<RabbitMqNode> StartNodeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TestRabbitMq.StartPrivateNodeAsync();
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // The failed node was removed; start a fresh one.
            }
        }
    }

    /// <summary>The platform event's data object.</summary>
    private readonly record struct JsonElementLike(System.Text.Json.JsonElement Body)
    {
        public System.Text.Json.JsonElement Data => Body.GetProperty("data");
    }
}
