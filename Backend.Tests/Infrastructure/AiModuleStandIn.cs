using System.Text;
using RabbitMQ.Client;

namespace Backend.Tests.Infrastructure;

/// <summary>
/// Plays the AI module with the real client library: declares its queues as it does, takes job messages, publishes results
/// and errors, and reads the dead-letter queue.
/// </summary>
internal sealed class AiModuleStandIn : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private AiModuleStandIn(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<AiModuleStandIn> ConnectAsync(Uri url)
    {
        var connection = await new ConnectionFactory { Uri = url, ClientProvidedName = "ai-module-stand-in" }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var queue in new[] { "ai.jobs.high", "ai.jobs.normal", "ai.jobs.low", "ai.results", "ai.errors" })
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-message-ttl"] = 3_600_000, ["x-max-length"] = 10_000 });
        }

        return new AiModuleStandIn(connection, channel);
    }

    public IChannel Channel => _channel;

    /// <summary>The next message of <paramref name="queue"/> (acked), waiting up to <see cref="Patience"/>.</summary>
    public async Task<BasicGetResult> NextAsync(string queue)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var message = await _channel.BasicGetAsync(queue, autoAck: true);
            if (message is not null)
            {
                return message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No message arrived on {queue}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A message if one is waiting now.</summary>
    public Task<BasicGetResult?> TryNextAsync(string queue) => _channel.BasicGetAsync(queue, autoAck: true);

    public async Task PublishAsync(string queue, string json, string? messageId = null)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId ?? Guid.NewGuid().ToString(),
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
        };
        await _channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, Encoding.UTF8.GetBytes(json));
    }

    public async Task<uint> CountAsync(string queue) => await _channel.MessageCountAsync(queue);

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
