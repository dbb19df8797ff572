using System.Text.Json;
using RabbitMQ.Client;

namespace Backend.Tests.Features.Events;

/// <summary>Plays a platform module subscribed to kgl.events: a durable queue bound to every routing key.</summary>
internal sealed class EventBroker : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;

    private EventBroker(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<EventBroker> BindAsync(Uri url, string queue = "test.kgl.events")
    {
        var connection = await new ConnectionFactory { Uri = url, ClientProvidedName = "platform-module-stand-in" }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        // The same declaration the service makes (idempotent), so the binding exists before the first event.
        await channel.ExchangeDeclareAsync("kgl.events", ExchangeType.Topic, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-dead-letter-exchange"] = "kgl.events.dlq" });
        await channel.QueueBindAsync(queue, "kgl.events", "#");
        return new EventBroker(connection, channel, queue);
    }

    /// <summary>Messages (acked) until <paramref name="done"/> says enough, waiting up to a minute between messages.</summary>
    public async Task<List<(BasicGetResult Message, JsonElement Body)>> CollectAsync(Func<List<(BasicGetResult Message, JsonElement Body)>, bool> done)
    {
        var messages = new List<(BasicGetResult, JsonElement)>();
        var deadline = DateTime.UtcNow + SseStream.Patience;
        while (!done(messages))
        {
            var message = await _channel.BasicGetAsync(_queue, autoAck: true);
            if (message is null)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Only {messages.Count} events arrived on {_queue}.");
                }

                await Task.Delay(50);
                continue;
            }

            messages.Add((message, JsonDocument.Parse(message.Body).RootElement.Clone()));
            deadline = DateTime.UtcNow + SseStream.Patience;
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
