using RabbitMQ.Client;

namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>Declares the queues this service uses (idempotent; the same declaration the AI module makes).</summary>
internal static class BrokerTopology
{
    public static async Task DeclareAsync(IChannel channel, CancellationToken ct)
    {
        foreach (var queue in AiQueues.AiDeclared)
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: AiQueues.Arguments(), cancellationToken: ct);
        }

        // No TTL or length limit: dead letters wait for a person.
        await channel.QueueDeclareAsync(AiQueues.DeadLetter, durable: true, exclusive: false, autoDelete: false, arguments: null, cancellationToken: ct);
    }

    public static ConnectionFactory Factory(IngestionSettings settings, string clientName) => new()
    {
        Uri = settings.RabbitMqUrl ?? throw new InvalidOperationException("RABBITMQ_URL is not set."),
        ClientProvidedName = clientName,
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        RequestedHeartbeat = TimeSpan.FromSeconds(20),
        RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
    };
}
